using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>Constant rows (<c>VALUES</c>, or a <c>SELECT</c> without <c>FROM</c>), every row of the schema's types.</summary>
public sealed record LogicalValues(ImmutableArray<ImmutableArray<BoundExpression>> Rows, ImmutableArray<PlanColumn> Columns) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Columns;

    public override ChangelogMode Changelog => ChangelogMode.AppendOnly;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this;

    public override string Describe() =>
        $"Values {Rows.Length} row{(Rows.Length == 1 ? "" : "s")} [{string.Join(", ", Columns.Select(c => c.Name))}]";
}
