using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Data;

/// <summary>
/// Equality, hashing and ordering of boxed values in their runtime representation, with the
/// grouping semantics state needs: NULL equals NULL, NaN equals NaN, arrays compare element-wise,
/// text compares by code point (the C collation). Ordering puts NULL last.
/// </summary>
public static class BoxedValues
{
    public static bool ValueEquals(object? a, object? b)
    {
        if (a is null || b is null)
            return a is null && b is null;
        if (a is object?[] xa && b is object?[] xb)
        {
            if (xa.Length != xb.Length)
                return false;
            for (int i = 0; i < xa.Length; i++)
                if (!ValueEquals(xa[i], xb[i]))
                    return false;
            return true;
        }
        if (a is string sa && b is string sb)
            return string.Equals(sa, sb, StringComparison.Ordinal);
        return a.Equals(b);
    }

    public static int ValueHash(object? value)
    {
        switch (value)
        {
            case null:
                return 0x5bd1e995;
            case object?[] arr:
                var h = new HashCode();
                foreach (var e in arr)
                    h.Add(ValueHash(e));
                return h.ToHashCode();
            case string s:
                return StringComparer.Ordinal.GetHashCode(s);
            case long l:
                return Column<long>.ValueHash(l);
            case int i:
                return Column<int>.ValueHash(i);
            default:
                return value.GetHashCode();
        }
    }

    /// <summary>Total order used by state and sorting: values of one type, NULL after everything.</summary>
    public static int Compare(object? a, object? b)
    {
        if (a is null || b is null)
            return a is null ? (b is null ? 0 : 1) : -1;
        switch (a)
        {
            case string sa:
                return string.CompareOrdinal(sa, (string)b);
            case object?[] xa:
                var xb = (object?[])b;
                for (int i = 0; i < Math.Min(xa.Length, xb.Length); i++)
                {
                    int c = Compare(xa[i], xb[i]);
                    if (c != 0)
                        return c;
                }
                return xa.Length.CompareTo(xb.Length);
            case Interval ia:
                return ia.CompareTo((Interval)b);
            case IComparable ca:
                return ca.CompareTo(b);
            default:
                return 0;
        }
    }

    /// <summary>Row equality over all values with <see cref="ValueEquals"/>.</summary>
    public static bool RowEquals(ReadOnlySpan<object?> a, ReadOnlySpan<object?> b)
    {
        if (a.Length != b.Length)
            return false;
        for (int i = 0; i < a.Length; i++)
            if (!ValueEquals(a[i], b[i]))
                return false;
        return true;
    }

    public static int RowHash(ReadOnlySpan<object?> row)
    {
        int h = 17;
        foreach (var v in row)
            h = h * 31 + ValueHash(v);
        return h;
    }
}
