using System.Collections.Immutable;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>A view whose contents the engine keeps up to date incrementally.</summary>
/// <param name="Plan">The optimised logical plan of the defining query (before the materialize node).</param>
/// <param name="LateDataTable">Table that receives rows arriving after their window closed (<c>LATE DATA TO</c>), or null.</param>
public sealed record MaterializedViewDefinition(
    long Id,
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    string Definition,
    ImmutableArray<long> Dependencies,
    LogicalPlan Plan,
    EmitMode EmitMode,
    string? LateDataTable)
    : CatalogObject(Id, Name, Columns, Definition, Dependencies)
{
    public override ObjectKind Kind => ObjectKind.MaterializedView;
}
