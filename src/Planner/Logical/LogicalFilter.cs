using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>Keeps the rows for which <see cref="Predicate"/> is true.</summary>
public sealed record LogicalFilter(LogicalPlan Input, BoundExpression Predicate) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => Input.Changelog == ChangelogMode.Upsert ? ChangelogMode.Retracting : Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => $"Filter {PlanText.Expression(Predicate, Input.Schema)}";
}
