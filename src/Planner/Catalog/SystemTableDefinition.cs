using System.Collections.Immutable;

namespace StreamSql.Planner;

/// <summary>
/// A virtual, read-only table such as <c>pg_catalog.pg_class</c>: its rows are produced from the
/// catalog snapshot by whoever runs the scan (the server), keyed by <see cref="CatalogObject.Name"/>,
/// so adding one is a definition here plus a row provider there. Names are qualified (<c>pg_catalog.pg_class</c>);
/// <c>pg_catalog</c> ones are also found unqualified, as on PostgreSQL's default search path.
/// </summary>
public sealed record SystemTableDefinition(long Id, string Name, ImmutableArray<ColumnDefinition> Columns)
    : CatalogObject(Id, Name, Columns, "", ImmutableArray<long>.Empty)
{
    public override ObjectKind Kind => ObjectKind.SystemTable;
}
