using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>Computes one output column per expression. A plain column reference keeps its watermark.</summary>
public sealed record LogicalProject(LogicalPlan Input, ImmutableArray<BoundExpression> Expressions, ImmutableArray<string> Names) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        Expressions.Select((e, i) => new PlanColumn(Names[i], e.Type, e is BoundColumn c ? Input.Schema[c.Index].Watermark : null))
            .ToImmutableArray();

    public override ChangelogMode Changelog => Input.Changelog;

    /// <summary>True when every expression is a column of the input in input order (the node changes nothing but names).</summary>
    public bool IsIdentity =>
        Expressions.Length == Input.Schema.Length && Expressions.Select((e, i) => e is BoundColumn c && c.Index == i).All(x => x);

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => Expressions.IsEmpty
        ? "Project (no columns)"
        : "Project " + string.Join(", ", Expressions.Select((e, i) => PlanText.Named(e, Names[i], Input.Schema)));
}
