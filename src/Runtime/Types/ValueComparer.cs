using System.Collections.Frozen;

namespace StreamSql.Runtime.Types;

/// <summary>
/// Total order, equality and hashing of boxed values of one type, consistent with each other
/// so that they serve as ORDER BY keys and hash keys alike. NULLs sort last (ORDER BY's default
/// ascending order) and equal each other (grouping, DISTINCT, IS NOT DISTINCT FROM). Floats
/// follow PostgreSQL: NaN equals NaN and is greater than everything, -0 equals 0. Numerics
/// compare by value (1.0 = 1.00, one hash). Text compares by Unicode code point (the C
/// collation, which is UTF-8 byte order). Intervals compare normalised (1 mon = 30 days).
/// Arrays compare element by element, a NULL element greater than any value, then by length.
/// jsonb sorts in PostgreSQL's jsonb order (<see cref="JsonbText.Compare"/>) but, as
/// <see cref="TypeKind.Jsonb"/> fixes, equality and hashing are those of the canonical text, so
/// documents PostgreSQL holds equal with different texts (1.0 and 1) are ordered by their text.
/// </summary>
public sealed class ValueComparer : IComparer<object?>, IEqualityComparer<object?>
{
    private static readonly FrozenDictionary<TypeKind, ValueComparer> Scalars =
        Enum.GetValues<TypeKind>().Where(k => k != TypeKind.Array)
            .ToFrozenDictionary(k => k, k => new ValueComparer(new DataType(k)));

    private readonly ValueComparer? _element;

    private ValueComparer(DataType type)
    {
        Type = type;
        if (type.Kind == TypeKind.Array) _element = For(type.Element ?? DataType.Text);
    }

    public DataType Type { get; }

    /// <summary>The comparer of a type (shared instances for scalar kinds).</summary>
    public static ValueComparer For(DataType type) =>
        type.Kind == TypeKind.Array ? new ValueComparer(type) : Scalars[type.Kind];

    public int Compare(object? x, object? y)
    {
        if (x is null) return y is null ? 0 : 1;
        if (y is null) return -1;
        return Type.Kind switch
        {
            TypeKind.Boolean => ((bool)x).CompareTo((bool)y),
            TypeKind.Int16 => ((short)x).CompareTo((short)y),
            TypeKind.Int32 or TypeKind.Date => ((int)x).CompareTo((int)y),
            TypeKind.Int64 or TypeKind.Timestamp or TypeKind.TimestampTz => ((long)x).CompareTo((long)y),
            TypeKind.Float32 => CompareFloat((float)x, (float)y),
            TypeKind.Float64 => CompareFloat((double)x, (double)y),
            TypeKind.Numeric => ((decimal)x).CompareTo((decimal)y),
            TypeKind.Text or TypeKind.Unknown => CompareText((string)x, (string)y),
            TypeKind.Jsonb => CompareJsonb((string)x, (string)y),
            TypeKind.Interval => ((Interval)x).CompareTo((Interval)y),
            TypeKind.Array => CompareArrays((object?[])x, (object?[])y),
            _ => throw new InvalidOperationException($"no order for {Type}"),
        };
    }

    public new bool Equals(object? x, object? y) => Compare(x, y) == 0;

    public int GetHashCode(object? value)
    {
        if (value is null) return 0;
        switch (Type.Kind)
        {
            case TypeKind.Float32:
            {
                var f = (float)value;
                return f == 0 ? 0 : float.IsNaN(f) ? int.MinValue : f.GetHashCode();
            }
            case TypeKind.Float64:
            {
                var d = (double)value;
                return d == 0 ? 0 : double.IsNaN(d) ? int.MinValue : d.GetHashCode();
            }
            case TypeKind.Numeric:
                // decimal's hash ignores trailing zeros (1.0m and 1m hash alike).
                return ((decimal)value).GetHashCode();
            case TypeKind.Text or TypeKind.Jsonb or TypeKind.Unknown:
                return string.GetHashCode((string)value, StringComparison.Ordinal);
            case TypeKind.Array:
            {
                var hash = new HashCode();
                foreach (var item in (object?[])value) hash.Add(_element!.GetHashCode(item));
                return hash.ToHashCode();
            }
            default:
                return value.GetHashCode();
        }
    }

    private static int CompareJsonb(string a, string b)
    {
        var c = JsonbText.Compare(a, b);
        return c != 0 ? c : string.CompareOrdinal(a, b);
    }

    /// <summary>PostgreSQL's float order: NaN equals NaN and is above +Infinity; -0 equals 0.</summary>
    public static int CompareFloat(double a, double b)
    {
        if (double.IsNaN(a)) return double.IsNaN(b) ? 0 : 1;
        if (double.IsNaN(b)) return -1;
        return a < b ? -1 : a > b ? 1 : 0;
    }

    public static int CompareFloat(float a, float b)
    {
        if (float.IsNaN(a)) return float.IsNaN(b) ? 0 : 1;
        if (float.IsNaN(b)) return -1;
        return a < b ? -1 : a > b ? 1 : 0;
    }

    /// <summary>Code point order (equivalently UTF-8 byte order): UTF-16 order except that surrogates sort above U+E000..U+FFFF.</summary>
    public static int CompareText(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var ca = a[i];
            var cb = b[i];
            if (ca == cb) continue;
            if (char.IsSurrogate(ca) != char.IsSurrogate(cb)) return char.IsSurrogate(ca) ? (cb >= '\uE000' ? 1 : ca - cb) : (ca >= '\uE000' ? -1 : ca - cb);
            return ca - cb;
        }
        return a.Length.CompareTo(b.Length);
    }

    private int CompareArrays(object?[] a, object?[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = _element!.Compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }
}
