using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Reads a catalog relation: a source (its stream), a table or materialized view (its snapshot
/// plus changes), or a system table (rows computed from the catalog by the server). Plain views
/// never appear here: the binder inlines their plans.
/// </summary>
public sealed record LogicalScan(CatalogObject Relation) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [];

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        Relation.Columns.Select((c, i) => new PlanColumn(c.Name, c.Type, InheritedWatermark(i))).ToImmutableArray();

    // A materialized view passes its plan's watermarks on to the views that read it; a source's or
    // table's own watermark is assigned by a LogicalWatermark above the scan.
    private string? InheritedWatermark(int column) =>
        Relation is MaterializedViewDefinition v && column < v.Plan.Schema.Length ? v.Plan.Schema[column].Watermark : null;

    public override ChangelogMode Changelog => Relation switch
    {
        SourceDefinition => ChangelogMode.AppendOnly,
        TableDefinition t => t.AppendOnly ? ChangelogMode.AppendOnly : t.PrimaryKey.IsEmpty ? ChangelogMode.Retracting : ChangelogMode.Upsert,
        MaterializedViewDefinition v => v.Plan.Changelog,
        _ => ChangelogMode.AppendOnly,
    };

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this;

    public override string Describe() => Relation.Kind switch
    {
        ObjectKind.Source => $"SourceScan {Relation.Name}",
        ObjectKind.Table => $"TableScan {Relation.Name}",
        ObjectKind.MaterializedView => $"MaterializedViewScan {Relation.Name}",
        ObjectKind.SystemTable => $"SystemTableScan {Relation.Name}",
        _ => $"Scan {Relation.Name}",
    } + $" [{string.Join(", ", Relation.Columns.Select(c => c.Name))}]";
}
