namespace StreamSql.Planner;

/// <summary>
/// The PostgreSQL OIDs catalog objects have in <c>pg_catalog</c> (and in <c>regclass</c> casts). User objects
/// get <see cref="FirstUserOid"/> plus their catalog id, which is never reused, so an OID names one object
/// for its whole life. System tables have negative catalog ids and get OIDs from <see cref="FirstSystemOid"/>.
/// Namespaces use PostgreSQL's fixed OIDs.
/// </summary>
public static class ObjectOids
{
    public const int FirstUserOid = 16384;
    public const int FirstSystemOid = 12000;
    public const int PgCatalogNamespace = 11;
    public const int PublicNamespace = 2200;
    public const int InformationSchemaNamespace = 13000;

    public static int Of(CatalogObject item) =>
        item.Id < 0 ? FirstSystemOid + (int)-item.Id : checked(FirstUserOid + (int)item.Id);

    /// <summary>The schema an object is in: the qualifier of a system table's name, else <c>public</c>.</summary>
    public static string SchemaOf(CatalogObject item) =>
        item is SystemTableDefinition && item.Name.IndexOf('.') is var dot and > 0 ? item.Name[..dot] : "public";

    /// <summary>The object's name without its schema.</summary>
    public static string RelationNameOf(CatalogObject item) =>
        item is SystemTableDefinition && item.Name.IndexOf('.') is var dot and > 0 ? item.Name[(dot + 1)..] : item.Name;

    /// <summary>The namespace OID for a schema name, or 0 when there is no such schema.</summary>
    public static int Namespace(string schema) => schema switch
    {
        "pg_catalog" => PgCatalogNamespace,
        "public" => PublicNamespace,
        "information_schema" => InformationSchemaNamespace,
        _ => 0,
    };

    /// <summary>The schema name of a namespace OID, or null.</summary>
    public static string? NamespaceName(int oid) => oid switch
    {
        PgCatalogNamespace => "pg_catalog",
        PublicNamespace => "public",
        InformationSchemaNamespace => "information_schema",
        _ => null,
    };
}
