using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>Writes its input's changes to an external system; the root of a sink's plan.</summary>
public sealed record LogicalSink(LogicalPlan Input, string Name, ConnectorDefinition Connector, FormatDefinition Format) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() => Input.Schema;

    public override ChangelogMode Changelog => Input.Changelog;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => $"Sink {Name} connector {Connector.Name} format {Format.Name.ToLowerInvariant()}";
}
