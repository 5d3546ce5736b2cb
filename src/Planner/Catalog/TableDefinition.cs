using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>A stored table changed by INSERT/UPDATE/DELETE. <see cref="AppendOnly"/> tables reject UPDATE and DELETE.</summary>
/// <param name="PrimaryKey">Column indexes of the primary key, empty when there is none.</param>
public sealed record TableDefinition(
    long Id,
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    string Definition,
    ImmutableArray<int> PrimaryKey,
    bool AppendOnly,
    WatermarkDefinition? Watermark)
    : CatalogObject(Id, Name, Columns, Definition, ImmutableArray<long>.Empty)
{
    public override ObjectKind Kind => ObjectKind.Table;

    /// <summary>The CHECK constraints, ordered by name: PostgreSQL tests them in that order and reports the first that fails.</summary>
    public ImmutableArray<CheckDefinition> Checks { get; init; } = [];
}
