using System.Collections.Immutable;

namespace StreamSql.Planner.Binding;

/// <summary>Rebuilds bound expressions top-down: where <c>replace</c> returns a node, it stands for the whole subtree.</summary>
public static class ExpressionRewriter
{
    public static BoundExpression Rewrite(BoundExpression expression, Func<BoundExpression, BoundExpression?> replace)
    {
        if (replace(expression) is { } replaced)
        {
            return replaced;
        }

        ImmutableArray<BoundExpression> All(ImmutableArray<BoundExpression> items) => items.Select(i => Rewrite(i, replace)).ToImmutableArray();

        return expression switch
        {
            BoundCall call => call with { Arguments = All(call.Arguments) },
            BoundCast cast => cast with { Operand = Rewrite(cast.Operand, replace) },
            BoundBoolean boolean => boolean with { Operands = All(boolean.Operands) },
            BoundIsNull isNull => isNull with { Operand = Rewrite(isNull.Operand, replace) },
            BoundIsDistinctFrom distinct => distinct with { Left = Rewrite(distinct.Left, replace), Right = Rewrite(distinct.Right, replace) },
            BoundInList inList => inList with { Operand = Rewrite(inList.Operand, replace), List = All(inList.List) },
            BoundCase @case => @case with
            {
                Whens = @case.Whens.Select(w => new BoundWhen(Rewrite(w.Condition, replace), Rewrite(w.Result, replace))).ToImmutableArray(),
                Else = @case.Else is null ? null : Rewrite(@case.Else, replace),
            },
            BoundCoalesce coalesce => coalesce with { Operands = All(coalesce.Operands) },
            BoundArray array => array with { Elements = All(array.Elements) },
            BoundSubscript subscript => subscript with { Array = Rewrite(subscript.Array, replace), Index = Rewrite(subscript.Index, replace) },
            _ => expression,
        };
    }

    /// <summary>Re-points column references through <paramref name="map"/> (old index to new index).</summary>
    public static BoundExpression Remap(BoundExpression expression, Func<int, int> map) =>
        Rewrite(expression, e => e is BoundColumn c ? c with { Index = map(c.Index) } : null);

    /// <summary>Every input column the expression reads.</summary>
    public static IEnumerable<int> Columns(BoundExpression expression) =>
        expression is BoundColumn c ? [c.Index] : expression.Children.SelectMany(Columns);

    /// <summary>Replaces each column reference by the expression that computes it (inlining a projection).</summary>
    public static BoundExpression Substitute(BoundExpression expression, ImmutableArray<BoundExpression> columns) =>
        Rewrite(expression, e => e is BoundColumn c ? columns[c.Index] : null);
}
