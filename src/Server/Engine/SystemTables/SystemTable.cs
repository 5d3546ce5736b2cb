using System.Collections.Immutable;
using StreamSql.Planner;

namespace StreamSql.Server.Engine.SystemTables;

/// <summary>
/// A read-only catalog table (<c>pg_catalog.pg_class</c>, <c>information_schema.columns</c>, ...): its
/// columns as PostgreSQL 15 names and orders them (OIDs are <c>integer</c>, <c>name</c> and <c>"char"</c>
/// are <c>text</c>), and the rows it holds for a catalog snapshot. The rows are a pure function of
/// the snapshot and the server's fixed facts, so refreshing after every catalog change keeps them exact.
/// </summary>
/// <param name="Name">Qualified name: <c>pg_catalog.x</c> (also found unqualified) or <c>information_schema.x</c>.</param>
/// <param name="Static">The rows never depend on the catalog (pg_type, pg_proc, ...): filled once.</param>
public sealed record SystemTable(
    string Name,
    ImmutableArray<ColumnDefinition> Columns,
    Func<SystemCatalogContext, IEnumerable<object?[]>> Rows,
    bool Static = false)
{
    /// <summary>The schema part of <see cref="Name"/>.</summary>
    public string Schema => Name[..Name.IndexOf('.')];

    /// <summary>The table name without its schema.</summary>
    public string RelationName => Name[(Name.IndexOf('.') + 1)..];
}
