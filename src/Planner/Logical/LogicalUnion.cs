using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary><c>UNION ALL</c> of inputs with the same column types (plain UNION adds a <see cref="LogicalDistinct"/> above).</summary>
public sealed record LogicalUnion(ImmutableArray<LogicalPlan> Branches, ImmutableArray<string> Names) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => Branches;

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        Branches[0].Schema.Select((c, i) => new PlanColumn(Names[i], c.Type,
            Branches.All(b => b.Schema[i].Watermark is not null) ? string.Join(", ", Branches.Select(b => b.Schema[i].Watermark).Distinct()) : null))
            .ToImmutableArray();

    public override ChangelogMode Changelog => Branches.All(b => b.Changelog == ChangelogMode.AppendOnly) ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Branches = inputs };

    public override string Describe() => "UnionAll";
}
