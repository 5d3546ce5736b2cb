using StreamSql.Planner;

namespace StreamSql.Server.Engine.SystemTables;

/// <summary>What a system table's rows are computed from: the catalog snapshot and the server's fixed facts.</summary>
public sealed record SystemCatalogContext(Catalog Catalog, string DatabaseName);
