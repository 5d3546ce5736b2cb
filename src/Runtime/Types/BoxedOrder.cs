namespace StreamSql.Runtime.Types;

/// <summary>
/// Orders boxed values by their runtime representation when the SQL type is not at hand
/// (elements of polymorphic arrays). Each kind has one representation (see <see cref="TypeKind"/>),
/// and kinds that share one (int8 and timestamps, int4 and date, text and jsonb) share their order
/// too, so this agrees with <see cref="ValueComparer"/>. NULLs sort last.
/// </summary>
public static class BoxedOrder
{
    public static int Compare(object? x, object? y)
    {
        if (x is null) return y is null ? 0 : 1;
        if (y is null) return -1;
        return (x, y) switch
        {
            (bool a, bool b) => a.CompareTo(b),
            (short a, short b) => a.CompareTo(b),
            (int a, int b) => a.CompareTo(b),
            (long a, long b) => a.CompareTo(b),
            (float a, float b) => ValueComparer.CompareFloat(a, b),
            (double a, double b) => ValueComparer.CompareFloat(a, b),
            (decimal a, decimal b) => a.CompareTo(b),
            (string a, string b) => ValueComparer.CompareText(a, b),
            (Interval a, Interval b) => a.CompareTo(b),
            (object?[] a, object?[] b) => CompareArrays(a, b),
            _ => throw new InvalidOperationException($"cannot compare {x.GetType().Name} with {y.GetType().Name}"),
        };
    }

    public static bool AreEqual(object? x, object? y) => Compare(x, y) == 0;

    /// <summary>A hash consistent with <see cref="Compare"/> (0 = -0, NaN = NaN, 1.0 = 1.00).</summary>
    public static int GetHashCode(object? value) => value switch
    {
        null => 0,
        float f => f == 0 ? 0 : float.IsNaN(f) ? int.MinValue : f.GetHashCode(),
        double d => d == 0 ? 0 : double.IsNaN(d) ? int.MinValue : d.GetHashCode(),
        string s => string.GetHashCode(s, StringComparison.Ordinal),
        object?[] items => HashArray(items),
        _ => value.GetHashCode(),
    };

    private static int HashArray(object?[] items)
    {
        var hash = new HashCode();
        foreach (var item in items) hash.Add(GetHashCode(item));
        return hash.ToHashCode();
    }

    private static int CompareArrays(object?[] a, object?[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = Compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
