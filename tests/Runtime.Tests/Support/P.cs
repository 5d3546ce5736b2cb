using System.Collections.Immutable;
using System.Globalization;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Support;

/// <summary>Short builders for hand-written plans and rows in tests.</summary>
internal static class P
{
    public static ColumnExpression Col(int index, DataType type) => new(index, type);

    public static LiteralExpression Lit(object? value, DataType type) => new(value, type);

    /// <summary>An operator call; Invoke is a boxed reference implementation used only when no kernel applies.</summary>
    public static CallExpression Op(string op, PlanExpression left, PlanExpression right, DataType? result = null)
    {
        bool comparison = op is "=" or "<>" or "<" or "<=" or ">" or ">=";
        var type = result ?? (comparison ? DataType.Boolean : left.Type);
        var fn = new ScalarFunction(new FunctionSignature(op, [left.Type, right.Type], type), (args, _) => op switch
        {
            "=" => BoxedValues.Compare(args[0], args[1]) == 0,
            "<" => BoxedValues.Compare(args[0], args[1]) < 0,
            ">" => BoxedValues.Compare(args[0], args[1]) > 0,
            _ => throw new InvalidOperationException("no boxed implementation for " + op),
        });
        return new CallExpression(fn, [left, right], type);
    }

    public static CallExpression Fn(string name, DataType result, Func<object?[], object?> body, params PlanExpression[] args) =>
        new(new ScalarFunction(new FunctionSignature(name, [.. args.Select(a => a.Type)], result), (a, _) => body(a)), [.. args], result);

    public static RowSchema Schema(params (string Name, DataType Type)[] fields) => RowSchema.Of(fields);

    public static long Ts(string text) =>
        (DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) - DateTime.UnixEpoch).Ticks / 10;

    public static Interval Minutes(int n) => Interval.FromMicros(n * Interval.MicrosPerMinute);

    public static Interval Seconds(int n) => Interval.FromMicros(n * Interval.MicrosPerSecond);

    public static object?[] Row(params object?[] values) => values;

    public static object?[] NullRow(int width) => new object?[width];

    public static Batch Batch(RowSchema schema, params object?[][] rows) => Data.Batch.FromRows(schema.Types, rows);

    public static Batch Batch(RowSchema schema, int weight, params object?[][] rows) => Data.Batch.FromRows(schema.Types, rows, weight);

    public static AggregateCall Count() => new("count", [], DataType.Int64);

    public static AggregateCall Agg(string name, PlanExpression arg, DataType result, bool distinct = false) =>
        new(name, [arg], result, distinct);

    public static ImmutableArray<T> Arr<T>(params T[] items) => [.. items];

    /// <summary>Rows rendered as text for multiset comparison: "a|b|c" with "+n"/"-n" weight prefixes.</summary>
    public static string Render(object?[] row) => string.Join("|", row.Select(Format));

    public static string Format(object? v) => v switch
    {
        null => "NULL",
        object?[] arr => "{" + string.Join(",", arr.Select(Format)) + "}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
