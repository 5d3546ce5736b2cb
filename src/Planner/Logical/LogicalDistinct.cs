using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Removes duplicate rows (<c>SELECT DISTINCT</c>, <c>UNION</c>). When a column carries a window
/// watermark (DISTINCT within a window), a window's rows are forgotten when it closes.
/// </summary>
public sealed record LogicalDistinct(LogicalPlan Input) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => Input.Changelog == ChangelogMode.AppendOnly ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;

    public override StateBound State =>
        Input.Schema.FirstOrDefault(c => c.Watermark is not null && c.Name is "window_start" or "window_end") is { } window
            ? new StateBound(StateBoundKind.WindowClose, window.Watermark)
            : Input.Schema.FirstOrDefault(c => c.Watermark is not null) is { } column
                ? new StateBound(StateBoundKind.Watermark, column.Watermark)
                : StateBound.Unbounded;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => "Distinct";
}
