using System.Collections.Immutable;

namespace StreamSql.Planner.Binding;

/// <summary>Hashing for the structural equality of bound expressions that hold arrays of operands.</summary>
internal static class BoundExpressionEquality
{
    public static int Hash(ImmutableArray<BoundExpression> items)
    {
        var hash = new HashCode();
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
