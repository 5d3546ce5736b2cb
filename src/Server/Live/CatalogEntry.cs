namespace StreamSql.Server.Live;

/// <summary>One catalog object: name, visible columns and its defining statement.</summary>
public sealed record CatalogEntry(string Name, IReadOnlyList<SqlApiColumn> Columns, string Definition);
