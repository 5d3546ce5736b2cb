namespace StreamSql.Planner;

/// <summary>The kinds of named relations and sinks the catalog holds. All share one name space, as relations do in PostgreSQL.</summary>
public enum ObjectKind
{
    Source,
    Table,
    MaterializedView,
    View,
    Sink,
    /// <summary>A read-only table whose rows are computed from the catalog itself (<c>pg_catalog.*</c>, <c>information_schema.*</c>).</summary>
    SystemTable,
}
