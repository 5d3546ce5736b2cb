using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>
/// A window table function: TUMBLE and HOP append <c>window_start</c> and <c>window_end</c> to each
/// row (HOP emits one row per window containing it). SESSION windows depend on the other rows of
/// the group, so for them this node only marks the input; the aggregate above computes the sessions.
/// </summary>
/// <param name="TimeColumn">The input's event-time column (timestamp or timestamptz).</param>
/// <param name="Size">Window length (TUMBLE, HOP) or session gap (SESSION).</param>
/// <param name="Slide">HOP slide; equal to <paramref name="Size"/> for TUMBLE and SESSION.</param>
/// <param name="Offset">Shift of window boundaries from the epoch.</param>
public sealed record LogicalWindow(LogicalPlan Input, WindowKind Kind, int TimeColumn, Interval Size, Interval Slide, Interval Offset) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema()
    {
        var time = Input.Schema[TimeColumn];
        return Input.Schema
            .Add(new PlanColumn("window_start", time.Type, time.Watermark))
            .Add(new PlanColumn("window_end", time.Type, time.Watermark));
    }

    public override ChangelogMode Changelog => Input.Changelog == ChangelogMode.Upsert ? ChangelogMode.Retracting : Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe()
    {
        var time = Input.Schema[TimeColumn].Name;
        var offset = Offset == default ? "" : $", offset {PlanText.Interval(Offset)}";
        return Kind switch
        {
            WindowKind.Tumble => $"Tumble {time}, size {PlanText.Interval(Size)}{offset}",
            WindowKind.Hop => $"Hop {time}, slide {PlanText.Interval(Slide)}, size {PlanText.Interval(Size)}{offset}",
            _ => $"Session {time}, gap {PlanText.Interval(Size)}",
        };
    }
}
