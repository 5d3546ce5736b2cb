using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>
/// <c>CROSS JOIN LATERAL unnest(array) [WITH ORDINALITY]</c>: one output row per array element,
/// the input columns followed by the element and, with ordinality, its 1-based position (BIGINT).
/// </summary>
public sealed record LogicalUnnest(LogicalPlan Input, BoundExpression Array, bool WithOrdinality, string ElementName, string OrdinalityName) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema()
    {
        var columns = Input.Schema.Add(new PlanColumn(ElementName, Array.Type.Element ?? DataType.Unknown));
        return WithOrdinality ? columns.Add(new PlanColumn(OrdinalityName, DataType.Int64)) : columns;
    }

    public override ChangelogMode Changelog => Input.Changelog == ChangelogMode.Upsert ? ChangelogMode.Retracting : Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() =>
        $"Unnest {PlanText.Expression(Array, Input.Schema)}{(WithOrdinality ? " with ordinality" : "")}";
}
