using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner;

/// <summary>Splitting predicates at AND and joining them back.</summary>
internal static class Conjuncts
{
    public static IEnumerable<BoundExpression> Split(BoundExpression? predicate) => predicate switch
    {
        null => [],
        BoundBoolean { Operator: BoolOperator.And } and => and.Operands.SelectMany(Split),
        BoundLiteral { Value: true } => [],
        _ => [predicate],
    };

    public static BoundExpression? Join(IEnumerable<BoundExpression> conjuncts)
    {
        var list = conjuncts.ToImmutableArray();
        return list.Length switch
        {
            0 => null,
            1 => list[0],
            _ => new BoundBoolean(BoolOperator.And, list),
        };
    }
}
