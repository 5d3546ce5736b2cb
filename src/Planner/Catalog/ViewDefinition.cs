using System.Collections.Immutable;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>A plain view: never stored, its plan is inlined wherever it is read.</summary>
public sealed record ViewDefinition(
    long Id,
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    string Definition,
    ImmutableArray<long> Dependencies,
    LogicalPlan Plan)
    : CatalogObject(Id, Name, Columns, Definition, Dependencies)
{
    public override ObjectKind Kind => ObjectKind.View;
}
