using StreamSql.Planner;

namespace StreamSql.Server.Live;

/// <summary><c>GET /api/catalog</c>: the user's objects by kind, with visible columns and the statement that created each.</summary>
internal static class CatalogApi
{
    public static CatalogResponse Describe(Catalog catalog)
    {
        List<CatalogEntry> Of(ObjectKind kind) => [.. catalog.Objects
            .Where(o => o.Kind == kind)
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new CatalogEntry(o.Name,
                [.. o.Columns.Where(c => !c.Hidden).Select(c => new SqlApiColumn(c.Name, c.Type.ToString()))],
                o.Definition))];

        return new CatalogResponse(Of(ObjectKind.Source), Of(ObjectKind.Table), Of(ObjectKind.MaterializedView), Of(ObjectKind.View), Of(ObjectKind.Sink));
    }
}
