using StreamSql.Planner.Logical;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Scalar subqueries met while binding one clause, decorrelated into left joins: each subquery's rows
/// are joined onto the clause's input (on its correlation predicate, or on true when it has none), so
/// its value is a column of the widened row. The joins are applied in the order the subqueries were
/// bound, and each one's columns start where the previous ones end (<see cref="Width"/>).
/// Mutable while its clause is bound, like <see cref="AggregateCollector"/>.
/// </summary>
internal sealed class SubqueryJoins(int inputWidth, QueryMode mode)
{
    private readonly List<(LogicalPlan Plan, BoundExpression Condition)> joins = [];

    public QueryMode Mode { get; } = mode;

    /// <summary>The width of the input row with every join added so far.</summary>
    public int Width { get; private set; } = inputWidth;

    /// <summary>Records a join and returns the index its first column will have.</summary>
    public int Add(LogicalPlan inner, BoundExpression condition)
    {
        var start = Width;
        joins.Add((inner, condition));
        Width += inner.Schema.Length;
        return start;
    }

    public LogicalPlan Apply(LogicalPlan input) =>
        joins.Aggregate(input, (plan, join) => new LogicalJoin(plan, join.Plan, JoinKind.Left, [], join.Condition, JoinStrategy.Regular, null));
}
