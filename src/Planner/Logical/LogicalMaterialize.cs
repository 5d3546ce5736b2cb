using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// The stored contents of a materialized view (what SELECT reads), the root of its plan. Its size is the
/// size of the result the user asked for, so it is not reported as operator state.
/// </summary>
public sealed record LogicalMaterialize(LogicalPlan Input, string Name) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => $"Materialize {Name}";
}
