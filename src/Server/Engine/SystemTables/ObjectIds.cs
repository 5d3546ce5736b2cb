using StreamSql.Planner;

namespace StreamSql.Server.Engine.SystemTables;

/// <summary>
/// The OIDs the system tables give StreamSql's objects. User objects get <see cref="FirstUserOid"/> plus
/// their catalog id (ids are never reused, so an OID names one object for its whole life); the
/// system tables themselves have negative catalog ids and get <see cref="SystemTableOid"/>.
/// Namespaces, the database, the role and the access method use PostgreSQL's own fixed OIDs.
/// </summary>
public static class ObjectIds
{
    public const int FirstUserOid = 16384;
    public const int PgCatalogNamespace = 11;
    public const int PublicNamespace = 2200;
    public const int InformationSchemaNamespace = 13000;
    public const int Database = 5;
    public const int Owner = 10;
    public const int HeapAccessMethod = 2;
    public const int DefaultCollation = 100;
    public const int ArrayReceiveProc = 2400;

    /// <summary>First OID of the system tables' own pg_class rows (below <see cref="FirstUserOid"/>).</summary>
    public const int FirstSystemTableOid = 12000;

    /// <summary>The OID of a catalog object (user object or system table).</summary>
    public static int Of(CatalogObject item) =>
        item.Id < 0 ? SystemTableOid(item.Id) : checked(FirstUserOid + (int)item.Id);

    /// <summary>System tables carry catalog ids -1, -2, ...</summary>
    public static int SystemTableOid(long id) => FirstSystemTableOid + (int)-id;

    /// <summary>The namespace OID for a schema name, or 0 when there is no such schema.</summary>
    public static int Namespace(string schema) => schema switch
    {
        "pg_catalog" => PgCatalogNamespace,
        "public" => PublicNamespace,
        "information_schema" => InformationSchemaNamespace,
        _ => 0,
    };

    /// <summary>The receive function OID of a base type's pg_proc row (arrays use <see cref="ArrayReceiveProc"/>).</summary>
    public static int ReceiveProc(int typeOid) => 20000 + typeOid;
}
