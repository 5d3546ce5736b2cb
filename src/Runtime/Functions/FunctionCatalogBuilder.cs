using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>Collects overloads while <see cref="FunctionRegistry.Default"/> is built; never shared after.</summary>
internal sealed class FunctionCatalogBuilder
{
    public List<ScalarFunction> Functions { get; } = [];

    public void Add(string name, DataType[] parameters, DataType returns, Func<object?[], FunctionContext, object?> invoke,
        bool strict = true, bool isVolatile = false, bool variadic = false, bool anyArguments = false)
    {
        var signature = new FunctionSignature(name, [.. parameters], returns, variadic) { AnyArguments = anyArguments };
        Functions.Add(new ScalarFunction(signature, invoke, strict, isVolatile));
    }

    public void Add(string name, DataType[] parameters, DataType returns, Func<object?[], object?> invoke,
        bool strict = true, bool variadic = false, bool anyArguments = false) =>
        Add(name, parameters, returns, (a, _) => invoke(a), strict, false, variadic, anyArguments);

    /// <summary>The scalar types that have an order (every kind except arrays and unknown).</summary>
    public static readonly ImmutableArray<DataType> OrderedTypes =
    [
        DataType.Boolean, DataType.Int16, DataType.Int32, DataType.Int64, DataType.Float32, DataType.Float64,
        DataType.Numeric, DataType.Text, DataType.Timestamp, DataType.TimestampTz, DataType.Date, DataType.Interval,
        DataType.Jsonb,
    ];

    public static readonly DataType AnyElement = DataType.Unknown;
    public static readonly DataType AnyArray = DataType.ArrayOf(DataType.Unknown);
}
