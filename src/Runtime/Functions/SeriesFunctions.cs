using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// <c>generate_series(start, stop [, step])</c> as PostgreSQL has it for integers, bigints and
/// timestamps (with an interval step). The binder turns the table function into
/// <c>unnest(series)</c>, so the series is computed here as one array value.
/// </summary>
public static class SeriesFunctions
{
    /// <summary>A series longer than this is refused (54000) rather than filling memory.</summary>
    public const int MaxElements = 10_000_000;

    /// <summary>The series of <paramref name="element"/> values (Int32, Int64, Timestamp or TimestampTz); null arguments give no rows.</summary>
    public static ScalarFunction For(DataType element)
    {
        var array = DataType.ArrayOf(element);
        return element.Kind switch
        {
            TypeKind.Int32 => Function(element, [element, element, element], array, (a, _) =>
                Integers((int)a[0]!, (int)a[1]!, a.Length > 2 ? (int)a[2]! : 1, v => (int)v)),
            TypeKind.Int64 => Function(element, [element, element, element], array, (a, _) =>
                Integers((long)a[0]!, (long)a[1]!, a.Length > 2 ? (long)a[2]! : 1, v => v)),
            TypeKind.Timestamp => Function(element, [element, element, DataType.Interval], array, (a, _) =>
                Times((long)a[0]!, (long)a[1]!, (Interval)a[2]!, (t, step) => DateTimeMath.Add(t, step))),
            TypeKind.TimestampTz => Function(element, [element, element, DataType.Interval], array, (a, c) =>
                Times((long)a[0]!, (long)a[1]!, (Interval)a[2]!, (t, step) => DateTimeMath.Add(t, step, c.TimeZone))),
            _ => throw new ArgumentException($"generate_series has no form for {element}", nameof(element)),
        };
    }

    private static ScalarFunction Function(DataType element, DataType[] parameters, DataType array, Func<object?[], FunctionContext, object?> invoke) =>
        new(new FunctionSignature("generate_series", [.. parameters], array), invoke);

    private static object?[] Integers(long start, long stop, long step, Func<long, object> box)
    {
        if (step == 0)
            throw new SqlStateException("22023", "step size cannot equal zero");
        if (step > 0 ? start > stop : start < stop)
            return [];
        var count = (decimal)stop - start;
        count = decimal.Floor(count / step) + 1;
        if (count > MaxElements)
            throw TooLong(count);
        var result = new object?[(int)count];
        var value = start;
        for (int i = 0; i < result.Length; i++, value += step)
            result[i] = box(value);
        return result;
    }

    private static object?[] Times(long start, long stop, Interval step, Func<long, Interval, long> add)
    {
        var sign = step.CompareTo(default);
        if (sign == 0)
            throw new SqlStateException("22023", "step size cannot equal zero");
        var result = new List<object?>();
        for (var t = start; sign > 0 ? t <= stop : t >= stop; t = add(t, step))
        {
            if (result.Count >= MaxElements)
                throw TooLong(null);
            result.Add(t);
        }

        return [.. result];
    }

    private static SqlStateException TooLong(decimal? count) =>
        new("54000", $"generate_series would return {(count is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than " + MaxElements)} rows; at most {MaxElements} are allowed");
}
