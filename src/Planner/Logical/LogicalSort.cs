using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>
/// The ORDER BY / LIMIT / OFFSET of a one-time query's result (in a view, ORDER BY with LIMIT becomes a
/// <see cref="LogicalTopN"/>, and ORDER BY alone is meaningless and dropped).
/// </summary>
/// <param name="Limit">Null for no limit.</param>
/// <param name="LimitParameter">A LIMIT given by a parameter (<c>LIMIT $1</c>), evaluated when the query runs; else null.</param>
/// <param name="OffsetParameter">An OFFSET given by a parameter; else null.</param>
public sealed record LogicalSort(LogicalPlan Input, ImmutableArray<SortKey> OrderBy, long? Limit, long Offset,
    BoundExpression? LimitParameter = null, BoundExpression? OffsetParameter = null) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe()
    {
        var parts = new List<string>();
        if (!OrderBy.IsEmpty)
        {
            parts.Add("order by " + PlanText.SortKeys(OrderBy, Input.Schema));
        }

        if (LimitParameter is not null)
        {
            parts.Add($"limit {PlanText.Expression(LimitParameter, Input.Schema)}");
        }
        else if (Limit is { } limit)
        {
            parts.Add($"limit {limit}");
        }

        if (OffsetParameter is not null)
        {
            parts.Add($"offset {PlanText.Expression(OffsetParameter, Input.Schema)}");
        }
        else if (Offset > 0)
        {
            parts.Add($"offset {Offset}");
        }

        return "Sort " + string.Join(" ", parts);
    }
}
