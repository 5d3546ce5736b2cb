namespace StreamSql.Server.Live;

/// <summary>The body of <c>GET /api/catalog</c>.</summary>
public sealed record CatalogResponse(
    IReadOnlyList<CatalogEntry> Sources,
    IReadOnlyList<CatalogEntry> Tables,
    IReadOnlyList<CatalogEntry> MaterializedViews,
    IReadOnlyList<CatalogEntry> Views,
    IReadOnlyList<CatalogEntry> Sinks);
