using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Assigns the watermark <c>max(column) - delay</c> to its input (a source or table scan with a
/// <c>WATERMARK FOR</c> clause). Rows pass through unchanged; the column is marked as carrying it.
/// </summary>
public sealed record LogicalWatermark(LogicalPlan Input, int Column, Interval Delay, string Origin) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        Input.Schema.Select((c, i) => i == Column ? c with { Watermark = Origin } : c).ToImmutableArray();

    public override ChangelogMode Changelog => Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => $"Watermark {Origin} - {PlanText.Interval(Delay)}";
}
