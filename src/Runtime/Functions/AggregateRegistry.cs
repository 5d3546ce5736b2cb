using System.Collections.Frozen;
using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// The aggregate functions with their PostgreSQL result types, by name (case-insensitive).
/// <c>count(*)</c> is the overload of <c>count</c> with no parameters. Polymorphic slots follow
/// <see cref="FunctionSignature"/>: <c>min(anyelement)</c> stands for min over every ordered type.
/// </summary>
public sealed class AggregateRegistry
{
    private readonly FrozenDictionary<string, ImmutableArray<AggregateSignature>> _byName;

    private AggregateRegistry(IEnumerable<AggregateSignature> aggregates)
    {
        _byName = aggregates
            .GroupBy(a => a.Signature.Name, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static AggregateRegistry Default { get; } = new(BuildDefault());

    public ImmutableArray<AggregateSignature> Lookup(string name) =>
        _byName.TryGetValue(name, out var overloads) ? overloads : [];

    public bool Contains(string name) => _byName.ContainsKey(name);

    public IEnumerable<string> Names => _byName.Keys;

    public IEnumerable<AggregateSignature> All => _byName.Values.SelectMany(v => v);

    /// <summary>The overload with exactly these parameter types, or null.</summary>
    public AggregateSignature? Find(string name, params DataType[] parameterTypes) =>
        Lookup(name).FirstOrDefault(a => a.Signature.Parameters.SequenceEqual(parameterTypes));

    private static IEnumerable<AggregateSignature> BuildDefault()
    {
        static AggregateSignature Agg(string name, DataType[] ps, DataType returns, bool distinct = true) =>
            new(new FunctionSignature(name, [.. ps], returns), distinct);

        var any = DataType.Unknown;
        yield return Agg("count", [], DataType.Int64, distinct: false);
        yield return Agg("count", [any], DataType.Int64);

        yield return Agg("sum", [DataType.Int16], DataType.Int64);
        yield return Agg("sum", [DataType.Int32], DataType.Int64);
        yield return Agg("sum", [DataType.Int64], DataType.Numeric);
        yield return Agg("sum", [DataType.Float32], DataType.Float32);
        yield return Agg("sum", [DataType.Float64], DataType.Float64);
        yield return Agg("sum", [DataType.Numeric], DataType.Numeric);
        yield return Agg("sum", [DataType.Interval], DataType.Interval);

        yield return Agg("avg", [DataType.Int16], DataType.Numeric);
        yield return Agg("avg", [DataType.Int32], DataType.Numeric);
        yield return Agg("avg", [DataType.Int64], DataType.Numeric);
        yield return Agg("avg", [DataType.Float32], DataType.Float64);
        yield return Agg("avg", [DataType.Float64], DataType.Float64);
        yield return Agg("avg", [DataType.Numeric], DataType.Numeric);
        yield return Agg("avg", [DataType.Interval], DataType.Interval);

        foreach (var t in FunctionCatalogBuilder.OrderedTypes)
        {
            if (t.Kind is TypeKind.Boolean or TypeKind.Jsonb) continue;
            yield return Agg("min", [t], t);
            yield return Agg("max", [t], t);
        }
        yield return Agg("min", [FunctionCatalogBuilder.AnyArray], FunctionCatalogBuilder.AnyArray);
        yield return Agg("max", [FunctionCatalogBuilder.AnyArray], FunctionCatalogBuilder.AnyArray);

        yield return Agg("bool_and", [DataType.Boolean], DataType.Boolean);
        yield return Agg("bool_or", [DataType.Boolean], DataType.Boolean);
        yield return Agg("every", [DataType.Boolean], DataType.Boolean);
        yield return Agg("string_agg", [DataType.Text, DataType.Text], DataType.Text);
        yield return Agg("array_agg", [any], DataType.ArrayOf(any));

        foreach (var name in new[] { "stddev_samp", "var_samp", "stddev", "variance", "stddev_pop", "var_pop" })
        {
            yield return Agg(name, [DataType.Int16], DataType.Numeric);
            yield return Agg(name, [DataType.Int32], DataType.Numeric);
            yield return Agg(name, [DataType.Int64], DataType.Numeric);
            yield return Agg(name, [DataType.Numeric], DataType.Numeric);
            yield return Agg(name, [DataType.Float32], DataType.Float64);
            yield return Agg(name, [DataType.Float64], DataType.Float64);
        }

        yield return Agg("approx_count_distinct", [any], DataType.Int64, distinct: false);
        yield return Agg("first_value", [any], any, distinct: false);
        yield return Agg("last_value", [any], any, distinct: false);
    }
}
