using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>An external, unbounded, append-only input (<c>CREATE SOURCE</c>). It has no stored contents, so it can only be read by streaming queries.</summary>
public sealed record SourceDefinition(
    long Id,
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    string Definition,
    WatermarkDefinition? Watermark,
    ConnectorDefinition Connector,
    FormatDefinition Format)
    : CatalogObject(Id, Name, Columns, Definition, ImmutableArray<long>.Empty)
{
    public override ObjectKind Kind => ObjectKind.Source;
}
