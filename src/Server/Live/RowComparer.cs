namespace StreamSql.Server.Live;

/// <summary>Structural equality of runtime rows (arrays compared element by element), to count a view's rows by value.</summary>
internal sealed class RowComparer : IEqualityComparer<object?[]>
{
    public static readonly RowComparer Instance = new();

    public bool Equals(object?[]? x, object?[]? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null || x.Length != y.Length)
            return false;
        for (var i = 0; i < x.Length; i++)
        {
            if (!ValueEquals(x[i], y[i]))
                return false;
        }

        return true;
    }

    public int GetHashCode(object?[] row)
    {
        var hash = new HashCode();
        foreach (var value in row)
            hash.Add(value is object?[] array ? GetHashCode(array) : value?.GetHashCode() ?? 0);
        return hash.ToHashCode();
    }

    private bool ValueEquals(object? x, object? y) =>
        x is object?[] a && y is object?[] b ? Equals(a, b) : Equals(x, y);
}
