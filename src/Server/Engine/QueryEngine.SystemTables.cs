using StreamSql.Planner;
using StreamSql.Server.Engine.SystemTables;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    private SystemTableSet? _systemTables;

    /// <summary>Adds the pg_catalog / information_schema tables to the catalog and the runtime (at construction).</summary>
    private void InstallSystemTables()
    {
        _systemTables = new SystemTableSet(Runtime, Options.DatabaseName);
        var catalog = SystemTableSet.AddDefinitions(_catalog);
        _systemTables.Install(catalog);
        Volatile.Write(ref _catalog, catalog);
    }

    /// <summary>Notes a catalog just adopted; the system tables' rows follow when a query next reads them.</summary>
    private void RefreshSystemTables(Catalog after) => _systemTables?.Invalidate(after);

    /// <summary>Before a query that scans pg_catalog or information_schema, fills those tables for the current catalog.</summary>
    private void PrepareSystemTables(Runtime.Plan.PlanNode plan)
    {
        if (_systemTables is not null && SystemTableSet.Reads(plan))
            _systemTables.EnsureCurrent();
    }
}
