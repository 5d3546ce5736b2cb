using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// <c>EMIT ON WINDOW CLOSE</c> over a query without a windowed aggregate: each row is held back until
/// the watermark passes its value of <see cref="TimeColumn"/>, then emitted once, in time order.
/// </summary>
public sealed record LogicalEmitOnWindowClose(LogicalPlan Input, int TimeColumn) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => ChangelogMode.AppendOnly;

    public override StateBound State => new(StateBoundKind.Watermark, Input.Schema[TimeColumn].Watermark);

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => $"EmitOnWindowClose {Input.Schema[TimeColumn].Name}";
}
