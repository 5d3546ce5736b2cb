using StreamSql.Runtime.Functions;

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

    /// <summary>
    /// A table's primary key shows in <c>pg_catalog</c> as PostgreSQL shows it: a unique index named
    /// <c>table_pkey</c> and a constraint of that name. Their OIDs are the table's, offset into ranges
    /// no object reaches.
    /// </summary>
    public const int PrimaryKeyIndexOffset = 0x40000000;

    public const int PrimaryKeyConstraintOffset = 0x50000000;

    public static int PrimaryKeyIndexOf(TableDefinition table) => PrimaryKeyIndexOffset + Of(table);

    public static int PrimaryKeyConstraintOf(TableDefinition table) => PrimaryKeyConstraintOffset + Of(table);

    public static string PrimaryKeyNameOf(TableDefinition table) => table.Name + "_pkey";

    /// <summary>A table's k-th CHECK constraint (k from 0, in name order) and its default's <c>pg_attrdef</c> row, offset like the key's.</summary>
    public const int CheckConstraintOffset = 0x60000000;

    public const int AttributeDefaultOffset = 0x70000000;

    /// <summary>Room for 64 constraints or columns per table within the offset's range.</summary>
    private const int PerTable = 64;

    public static int CheckConstraintOf(TableDefinition table, int k) => CheckConstraintOffset + (Of(table) - FirstUserOid) * PerTable + k;

    public static int AttributeDefaultOf(TableDefinition table, int column) => AttributeDefaultOffset + (Of(table) - FirstUserOid) * PerTable + column;

    /// <summary>What <c>pg_get_indexdef</c> answers for the primary key index (pretty-printed: the table name unqualified).</summary>
    public static string PrimaryKeyIndexDefinition(TableDefinition table, bool pretty) =>
        $"CREATE UNIQUE INDEX {Quoting.QuoteIdent(PrimaryKeyNameOf(table))} ON {(pretty ? "" : "public.")}{Quoting.QuoteIdent(table.Name)} USING btree ({PrimaryKeyColumns(table)})";

    /// <summary>What <c>pg_get_constraintdef</c> answers for the primary key constraint.</summary>
    public static string PrimaryKeyConstraintDefinition(TableDefinition table) => $"PRIMARY KEY ({PrimaryKeyColumns(table)})";

    private static string PrimaryKeyColumns(TableDefinition table) =>
        string.Join(", ", table.PrimaryKey.Select(i => Quoting.QuoteIdent(table.Columns[i].Name)));

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
