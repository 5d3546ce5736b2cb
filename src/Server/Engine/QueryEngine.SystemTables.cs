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

    /// <summary>Brings the system tables' rows in line with a catalog just adopted.</summary>
    private void RefreshSystemTables(Catalog after) => _systemTables?.Refresh(after);
}
