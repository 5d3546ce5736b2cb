using System.Collections.Immutable;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Scalar subqueries met while binding one clause, decorrelated into left joins: each subquery's rows
/// are joined onto the clause's input (on its correlation predicate, on the null-safe equality of the
/// outer columns it reads with its domain, or on true when it has none), so its value is a column of the
/// widened row. The joins are applied in the order the subqueries were bound, and each one's columns
/// start where the previous ones end (<see cref="Width"/>).
/// Mutable while its clause is bound, like <see cref="AggregateCollector"/>.
/// </summary>
internal sealed class SubqueryJoins(LogicalPlan input, QueryMode mode)
{
    private readonly List<(LogicalPlan Plan, BoundExpression Condition)> joins = [];

    public QueryMode Mode { get; } = mode;

    /// <summary>The clause's input, whose columns a correlated subquery's domain is taken from.</summary>
    public LogicalPlan Input { get; } = input;

    /// <summary>The width of the input row with every join added so far.</summary>
    public int Width { get; private set; } = input.Schema.Length;

    /// <summary>Records a join and returns the index its first column will have.</summary>
    public int Add(LogicalPlan inner, BoundExpression condition)
    {
        var start = Width;
        joins.Add((inner, condition));
        Width += inner.Schema.Length;
        return start;
    }

    /// <summary>
    /// Records a join of a decorrelated subquery whose first columns are its domain (the values of
    /// <paramref name="outerColumns"/> it was computed for), matched null-safely, as a NULL outer value
    /// is a domain value like any other. Returns the index its first column will have.
    /// </summary>
    public int AddCorrelated(LogicalPlan inner, ImmutableArray<int> outerColumns)
    {
        var start = Width;
        var equalities = outerColumns.Select((outer, j) => (BoundExpression)new BoundIsDistinctFrom(
            new BoundColumn(outer, Input.Schema[outer].Name, Input.Schema[outer].Type),
            new BoundColumn(start + j, inner.Schema[j].Name, inner.Schema[j].Type),
            Negated: true)).ToImmutableArray();
        return Add(inner, equalities.Length == 1 ? equalities[0] : new BoundBoolean(BoolOperator.And, equalities));
    }

    public LogicalPlan Apply(LogicalPlan input) =>
        joins.Aggregate(input, (plan, join) => new LogicalJoin(plan, join.Plan, JoinKind.Left, [], join.Condition, JoinStrategy.Regular, null));
}
