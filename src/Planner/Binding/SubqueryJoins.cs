using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
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

    /// <summary>The width of the clause's input, before any join.</summary>
    public int InputWidth => Input.Schema.Length;

    /// <summary>The join whose columns include <paramref name="column"/> (at least <see cref="InputWidth"/>): its index, first column, plan and condition.</summary>
    public (int Index, int Start, LogicalPlan Plan, BoundExpression Condition) Locate(int column)
    {
        var start = InputWidth;
        for (var i = 0; i < joins.Count; i++)
        {
            var width = joins[i].Plan.Schema.Length;
            if (column < start + width)
            {
                return (i, start, joins[i].Plan, joins[i].Condition);
            }

            start += width;
        }

        throw new ArgumentOutOfRangeException(nameof(column), column, "no subquery join has this column");
    }

    public LogicalPlan Apply(LogicalPlan input) =>
        joins.Aggregate(input, (plan, join) => new LogicalJoin(plan, join.Plan, JoinKind.Left, [], join.Condition, JoinStrategy.Regular, null));
}

/// <summary>
/// The scalar subqueries an aggregate query's result reads outside aggregate calls (<c>SELECT k,
/// (SELECT max(x) FROM t) FROM u GROUP BY k</c>): as in PostgreSQL they are computed per group, so
/// each is joined again onto the aggregate's output, its correlation re-pointed from the input's
/// columns to the group keys that carry them (a column that is not grouped is PostgreSQL's 42803).
/// The joins made for the input stay, for subqueries read inside aggregate calls.
/// </summary>
internal sealed class SubqueriesOverGroups(SubqueryJoins joins, Func<int, int?> groupKeyOf, Func<int, TextSpan, Exception> ungrouped)
{
    private readonly Dictionary<int, int> starts = [];
    private readonly List<(LogicalPlan Plan, BoundExpression Condition)> added = [];
    private int width = -1;

    /// <summary>Sets the width of the aggregate's output, where the joins' columns start.</summary>
    public void Over(LogicalPlan aggregate) => width = aggregate.Schema.Length;

    /// <summary>A column of a subquery's join on the input, as the same column of its join on the groups (read by the item at <paramref name="span"/>).</summary>
    public BoundColumn Map(BoundColumn column, TextSpan span)
    {
        if (width < 0)
        {
            throw new InvalidOperationException("the aggregate's width is not known yet");
        }

        var (index, start, plan, condition) = joins.Locate(column.Index);
        if (!starts.TryGetValue(index, out var newStart))
        {
            newStart = width;
            var remapped = ExpressionRewriter.Remap(condition, i =>
                i < joins.InputWidth ? groupKeyOf(i) ?? throw ungrouped(i, span)
                : i >= start ? newStart + (i - start)
                : throw new InvalidOperationException("a subquery's join condition reads another subquery's columns"));
            added.Add((plan, remapped));
            starts[index] = newStart;
            width += plan.Schema.Length;
        }

        return column with { Index = newStart + (column.Index - start) };
    }

    public LogicalPlan Apply(LogicalPlan aggregated) =>
        added.Aggregate(aggregated, (plan, join) => new LogicalJoin(plan, join.Plan, JoinKind.Left, [], join.Condition, JoinStrategy.Regular, null));
}
