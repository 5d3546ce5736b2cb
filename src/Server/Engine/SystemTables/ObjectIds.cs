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
    public const int FirstUserOid = ObjectOids.FirstUserOid;
    public const int PgCatalogNamespace = ObjectOids.PgCatalogNamespace;
    public const int PublicNamespace = ObjectOids.PublicNamespace;
    public const int InformationSchemaNamespace = ObjectOids.InformationSchemaNamespace;
    public const int Database = 5;
    public const int Owner = 10;
    public const int HeapAccessMethod = 2;
    public const int BtreeAccessMethod = 403;
    public const int DefaultCollation = 100;
    public const int DefaultTablespace = 1663;
    public const int ArrayReceiveProc = 2400;

    /// <summary>The OID of a catalog object (user object or system table): <see cref="ObjectOids.Of"/>.</summary>
    public static int Of(CatalogObject item) => ObjectOids.Of(item);

    public static int PrimaryKeyIndexOf(TableDefinition table) => ObjectOids.PrimaryKeyIndexOf(table);

    public static int PrimaryKeyConstraintOf(TableDefinition table) => ObjectOids.PrimaryKeyConstraintOf(table);

    /// <summary>The namespace OID for a schema name, or 0 when there is no such schema.</summary>
    public static int Namespace(string schema) => ObjectOids.Namespace(schema);

    /// <summary>The receive function OID of a base type's pg_proc row (arrays use <see cref="ArrayReceiveProc"/>).</summary>
    public static int ReceiveProc(int typeOid) => 20000 + typeOid;
}
