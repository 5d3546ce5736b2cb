using System.Collections.Immutable;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>A continuous export of a relation or query to an external system.</summary>
/// <param name="Columns">The columns written.</param>
/// <param name="Plan">The logical plan whose changes are written (a scan of the relation for <c>FROM name</c>).</param>
public sealed record SinkDefinition(
    long Id,
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    string Definition,
    ImmutableArray<long> Dependencies,
    LogicalPlan Plan,
    ConnectorDefinition Connector,
    FormatDefinition Format)
    : CatalogObject(Id, Name, Columns, Definition, Dependencies)
{
    public override ObjectKind Kind => ObjectKind.Sink;
}
