using System.Collections.Immutable;
using StreamSql.Planner;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;

namespace StreamSql.Server.Engine.SystemTables;

/// <summary>
/// Keeps the system tables' runtime copies equal to their rows for the current catalog: created as
/// ordinary runtime tables once, then refreshed after every catalog change by retracting the rows
/// they held and inserting the new ones in one epoch, so a scan of <c>pg_catalog.pg_class</c> is a
/// scan of a table like any other. Used only under the engine's gate (single writer).
/// </summary>
public sealed class SystemTableSet
{
    private readonly StreamingRuntime _runtime;
    private readonly string _databaseName;
    private readonly Dictionary<string, List<object?[]>> _held = new(StringComparer.Ordinal);
    private Catalog? _stale;
    private bool _staticFilled;

    public SystemTableSet(StreamingRuntime runtime, string databaseName)
    {
        _runtime = runtime;
        _databaseName = databaseName;
    }

    /// <summary>The catalog with every system table definition added (ids -1, -2, ...).</summary>
    public static Catalog AddDefinitions(Catalog catalog)
    {
        foreach (var definition in PgCatalogTables.Definitions())
        {
            if (catalog.Find(definition.Name) is null)
                catalog = catalog.With(definition);
        }

        return catalog;
    }

    /// <summary>Creates the runtime tables; their rows are filled on first read (see <see cref="EnsureCurrent"/>).</summary>
    public void Install(Catalog catalog)
    {
        foreach (var table in PgCatalogTables.All)
        {
            var schema = new RowSchema([.. table.Columns.Select(c => new RowField(c.Name, c.Type))]);
            _runtime.CreateTable(new Runtime.Engine.TableDefinition(table.Name, schema));
        }

        _stale = catalog;
    }

    /// <summary>
    /// Notes that the catalog changed. The rows are brought up to date only when a query reads a
    /// system table, because that takes an epoch of its own: DDL must not run epochs as a side effect
    /// (a bounded source would be drained by them, and tests count epochs).
    /// </summary>
    public void Invalidate(Catalog catalog) => _stale = catalog;

    /// <summary>Fills the tables for the latest catalog if it changed since they were last filled.</summary>
    public void EnsureCurrent()
    {
        if (_stale is not { } catalog)
            return;
        Fill(catalog, includeStatic: !_staticFilled);
        _staticFilled = true;
        _stale = null;
    }

    /// <summary>True when <paramref name="plan"/> scans a system table.</summary>
    public static bool Reads(Runtime.Plan.PlanNode plan) =>
        plan is Runtime.Plan.TableScanNode scan
            ? scan.Table.StartsWith("pg_catalog.", StringComparison.Ordinal) || scan.Table.StartsWith("information_schema.", StringComparison.Ordinal)
            : plan.Inputs.Any(Reads);

    private void Fill(Catalog catalog, bool includeStatic)
    {
        var context = new SystemCatalogContext(catalog, _databaseName);
        foreach (var table in PgCatalogTables.All)
        {
            if (table.Static && !includeStatic)
                continue;
            var rows = table.Rows(context).ToList();
            var old = _held.GetValueOrDefault(table.Name) ?? [];
            if (old.Count == 0 && rows.Count == 0)
                continue;
            var types = table.Columns.Select(c => c.Type).ToImmutableArray();
            using var delta = Batch.FromRows(types, old.Select(r => (r, -1)).Concat(rows.Select(r => (r, 1))));
            _runtime.ApplyDelta(table.Name, delta);
            _held[table.Name] = rows;
        }

        _runtime.RunEpoch();
    }
}
