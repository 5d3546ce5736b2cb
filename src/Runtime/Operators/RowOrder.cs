using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// Orders boxed rows by sort keys (with NULLS FIRST/LAST), then by the whole row so that the order
/// is total and results are deterministic.
/// </summary>
public sealed class RowOrder(ImmutableArray<SortKey> keys, bool tieBreakOnRow = true) : IComparer<object?[]>
{
    public int Compare(object?[]? x, object?[]? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null || y is null)
            return x is null ? -1 : 1;
        foreach (var k in keys)
        {
            object? a = x[k.Column], b = y[k.Column];
            int c;
            if (a is null || b is null)
                c = a is null && b is null ? 0 : (a is null) == k.NullsFirst ? -1 : 1;
            else
                c = k.Descending ? BoxedValues.Compare(b, a) : BoxedValues.Compare(a, b);
            if (c != 0)
                return c;
        }
        if (!tieBreakOnRow)
            return 0;
        for (int i = 0; i < x.Length; i++)
        {
            int c = BoxedValues.Compare(x[i], y[i]);
            if (c != 0)
                return c;
        }
        return 0;
    }
}
