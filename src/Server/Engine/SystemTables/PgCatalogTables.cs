using System.Collections.Immutable;
using StreamSql.Planner;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine.SystemTables;

/// <summary>
/// The <c>pg_catalog</c> and <c>information_schema</c> subset that psql's describe commands and
/// Npgsql's type loading read, with columns as PostgreSQL 15 has them (at least those clients read)
/// and rows computed from the catalog. A primary key is a unique index <c>table_pkey</c> and a constraint
/// of that name; a source is a foreign table whose server is its connector and whose options are the
/// connector's. Tables whose PostgreSQL rows describe features StreamSql does not have (policies,
/// publications, inheritance, comments) exist and are empty, so the queries that join them return
/// what PostgreSQL returns for objects without those features.
/// </summary>
public static class PgCatalogTables
{
    private static readonly DataType I2 = DataType.Int16;
    private static readonly DataType I4 = DataType.Int32;
    private static readonly DataType F4 = DataType.Float32;
    private static readonly DataType T = DataType.Text;
    private static readonly DataType B = DataType.Boolean;
    private static readonly DataType TextArray = DataType.ArrayOf(DataType.Text);
    private static readonly DataType IntArray = DataType.ArrayOf(DataType.Int32);
    private static readonly DataType ShortArray = DataType.ArrayOf(DataType.Int16);

    /// <summary>Declared before <see cref="All"/>: static fields initialise in order.</summary>
    private static readonly string[] SchemaNames = ["information_schema", "pg_catalog", "public"];

    /// <summary>Every source connector, one foreign server each, so psql's <c>\d source</c> prints it as the server.</summary>
    private static readonly string[] ConnectorNames = ["directory", "generator", "kafka", "nexmark", "socket"];

    /// <summary>Every system table, in the order their catalog ids are assigned (-1, -2, ...).</summary>
    public static ImmutableArray<SystemTable> All { get; } =
    [
        Table("pg_catalog.pg_namespace", "oid i4, nspname t, nspowner i4, nspacl t[]", Namespaces),
        Table("pg_catalog.pg_class",
            "oid i4, relname t, relnamespace i4, reltype i4, reloftype i4, relowner i4, relam i4, relfilenode i4, " +
            "reltablespace i4, relpages i4, reltuples f4, relallvisible i4, reltoastrelid i4, relhasindex b, relisshared b, " +
            "relpersistence t, relkind t, relnatts i2, relchecks i2, relhasrules b, relhastriggers b, relhassubclass b, " +
            "relrowsecurity b, relforcerowsecurity b, relispopulated b, relreplident t, relispartition b, relrewrite i4, " +
            "relacl t[], reloptions t[], relpartbound t", Classes),
        Table("pg_catalog.pg_attribute",
            "attrelid i4, attname t, atttypid i4, attstattarget i4, attlen i2, attnum i2, attndims i4, attcacheoff i4, " +
            "atttypmod i4, attbyval b, attalign t, attstorage t, attcompression t, attnotnull b, atthasdef b, atthasmissing b, " +
            "attidentity t, attgenerated t, attisdropped b, attislocal b, attinhcount i4, attcollation i4, attacl t[], attoptions t[], attfdwoptions t[]",
            Attributes),
        Table("pg_catalog.pg_type",
            "oid i4, typname t, typnamespace i4, typowner i4, typlen i2, typbyval b, typtype t, typcategory t, " +
            "typispreferred b, typisdefined b, typdelim t, typrelid i4, typelem i4, typarray i4, typreceive i4, typsend i4, " +
            "typalign t, typstorage t, typnotnull b, typbasetype i4, typtypmod i4, typndims i4, typcollation i4, typdefault t",
            _ => Types(), isStatic: true),
        Table("pg_catalog.pg_proc",
            "oid i4, proname t, pronamespace i4, proowner i4, prolang i4, prokind t, proretset b, prorettype i4, " +
            "pronargs i2, proargtypes i4[], prosrc t", _ => Procedures(), isStatic: true),
        Table("pg_catalog.pg_range", "rngtypid i4, rngsubtype i4, rngmultitypid i4, rngcollation i4, rngsubopc i4, rngcanonical i4, rngsubdiff i4", Empty, isStatic: true),
        Table("pg_catalog.pg_enum", "oid i4, enumtypid i4, enumsortorder f4, enumlabel t", Empty, isStatic: true),
        Table("pg_catalog.pg_database",
            "oid i4, datname t, datdba i4, encoding i4, datlocprovider t, datistemplate b, datallowconn b, datconnlimit i4, " +
            "datcollate t, datctype t, daticulocale t, datcollversion t, dattablespace i4, datacl t[]",
            c => [[ObjectIds.Database, c.DatabaseName, ObjectIds.Owner, 6, "c", false, true, -1, "C.UTF-8", "C.UTF-8", null, null, ObjectIds.DefaultTablespace, null]],
            isStatic: true),
        Table("pg_catalog.pg_roles",
            "oid i4, rolname t, rolsuper b, rolinherit b, rolcreaterole b, rolcreatedb b, rolcanlogin b, rolreplication b, " +
            "rolconnlimit i4, rolpassword t, rolvaliduntil tz, rolbypassrls b, rolconfig t[]",
            _ => [[ObjectIds.Owner, CatalogOwner, true, true, true, true, true, true, -1, "********", null, true, null]], isStatic: true),
        Table("pg_catalog.pg_auth_members", "roleid i4, member i4, grantor i4, admin_option b", Empty, isStatic: true),
        Table("pg_catalog.pg_tablespace", "oid i4, spcname t, spcowner i4, spcacl t[], spcoptions t[]",
            _ => [[ObjectIds.DefaultTablespace, "pg_default", ObjectIds.Owner, null, null]], isStatic: true),
        Table("pg_catalog.pg_am", "oid i4, amname t, amhandler t, amtype t",
            _ => [[ObjectIds.HeapAccessMethod, "heap", "heap_tableam_handler", "t"], [ObjectIds.BtreeAccessMethod, "btree", "bthandler", "i"]],
            isStatic: true),
        Table("pg_catalog.pg_attrdef", "oid i4, adrelid i4, adnum i2, adbin t", AttributeDefaults),
        Table("pg_catalog.pg_collation",
            "oid i4, collname t, collnamespace i4, collowner i4, collprovider t, collisdeterministic b, collencoding i4, collcollate t, collctype t",
            _ =>
            [
                [ObjectIds.DefaultCollation, "default", ObjectIds.PgCatalogNamespace, ObjectIds.Owner, "d", true, -1, null, null],
                [950, "C", ObjectIds.PgCatalogNamespace, ObjectIds.Owner, "c", true, -1, "C", "C"],
                [951, "POSIX", ObjectIds.PgCatalogNamespace, ObjectIds.Owner, "c", true, -1, "POSIX", "POSIX"],
            ], isStatic: true),
        Table("pg_catalog.pg_index",
            "indexrelid i4, indrelid i4, indnatts i2, indnkeyatts i2, indisunique b, indisprimary b, indisexclusion b, " +
            "indimmediate b, indisclustered b, indisvalid b, indcheckxmin b, indisready b, indislive b, indisreplident b, indkey i2[]",
            c => KeyedTables(c).Select(t => new object?[]
            {
                ObjectIds.PrimaryKeyIndexOf(t), ObjectIds.Of(t), (short)t.PrimaryKey.Length, (short)t.PrimaryKey.Length, true, true, false,
                true, false, true, false, true, true, false, KeyAttributeNumbers(t),
            })),
        Table("pg_catalog.pg_constraint",
            "oid i4, conname t, connamespace i4, contype t, condeferrable b, condeferred b, convalidated b, conrelid i4, " +
            "contypid i4, conindid i4, conparentid i4, confrelid i4, conkey i2[], confkey i2[]",
            c => KeyedTables(c).Select(t => new object?[]
            {
                ObjectIds.PrimaryKeyConstraintOf(t), ObjectOids.PrimaryKeyNameOf(t), ObjectIds.PublicNamespace, "p", false, false, true, ObjectIds.Of(t),
                0, ObjectIds.PrimaryKeyIndexOf(t), 0, 0, KeyAttributeNumbers(t), null,
            }).Concat(CheckedTables(c).SelectMany(t => t.Checks.Select((check, k) => new object?[]
            {
                ObjectOids.CheckConstraintOf(t, k), check.Name, ObjectIds.PublicNamespace, "c", false, false, true, ObjectIds.Of(t),
                0, 0, 0, 0, check.Columns.Select(n => (object?)n).ToArray(), null,
            })))),
        Table("pg_catalog.pg_inherits", "inhrelid i4, inhparent i4, inhseqno i4, inhdetachpending b", Empty, isStatic: true),
        Table("pg_catalog.pg_policy",
            "oid i4, polname t, polrelid i4, polcmd t, polpermissive b, polroles i4[], polqual t, polwithcheck t", Empty, isStatic: true),
        Table("pg_catalog.pg_statistic_ext",
            "oid i4, stxrelid i4, stxname t, stxnamespace i4, stxowner i4, stxstattarget i4, stxkeys i2[], stxkind t[]", Empty, isStatic: true),
        Table("pg_catalog.pg_publication",
            "oid i4, pubname t, pubowner i4, puballtables b, pubinsert b, pubupdate b, pubdelete b, pubtruncate b, pubviaroot b",
            Empty, isStatic: true),
        Table("pg_catalog.pg_publication_rel", "oid i4, prpubid i4, prrelid i4, prqual t, prattrs i2[]", Empty, isStatic: true),
        Table("pg_catalog.pg_publication_namespace", "oid i4, pnpubid i4, pnnspid i4", Empty, isStatic: true),
        Table("pg_catalog.pg_description", "objoid i4, classoid i4, objsubid i4, description t", Empty, isStatic: true),
        Table("pg_catalog.pg_settings", "name t, setting t, unit t, category t, short_desc t, context t, vartype t, source t",
            _ => new SessionSettings("streamsql").All.Select(s => new object?[] { s.Name, s.Value, null, "", "", "user", "string", "default" }),
            isStatic: true),
        Table("information_schema.schemata", "catalog_name t, schema_name t, schema_owner t",
            c => SchemaNames.Select(s => new object?[] { c.DatabaseName, s, CatalogOwner })),
        Table("information_schema.tables", "table_catalog t, table_schema t, table_name t, table_type t",
            c => Relations(c.Catalog).Select(r => new object?[]
            {
                c.DatabaseName, SchemaOf(r), RelationNameOf(r),
                r.Kind is ObjectKind.View or ObjectKind.MaterializedView ? "VIEW" : r.Kind == ObjectKind.Source ? "FOREIGN" : "BASE TABLE",
            })),
        Table("information_schema.columns",
            "table_catalog t, table_schema t, table_name t, column_name t, ordinal_position i4, column_default t, is_nullable t, data_type t",
            c => Relations(c.Catalog).SelectMany(r => VisibleColumns(r).Select((col, i) => new object?[]
            {
                c.DatabaseName, SchemaOf(r), RelationNameOf(r), col.Name, i + 1, col.Default?.PlainText, col.Nullable ? "YES" : "NO",
                col.Type.Kind == TypeKind.Array ? "ARRAY" : col.Type.BaseName,
            }))),
        Table("pg_catalog.pg_foreign_server",
            "oid i4, srvname t, srvowner i4, srvfdw i4, srvtype t, srvversion t, srvacl t[], srvoptions t[]",
            _ => ConnectorNames.Select((name, i) => new object?[] { ForeignServerOid(name), name, ObjectIds.Owner, ForeignDataWrapperOid, null, null, null, null }),
            isStatic: true),
        Table("pg_catalog.pg_foreign_data_wrapper",
            "oid i4, fdwname t, fdwowner i4, fdwhandler i4, fdwvalidator i4, fdwacl t[], fdwoptions t[]",
            _ => [[ForeignDataWrapperOid, "streamsql", ObjectIds.Owner, 0, 0, null, null]], isStatic: true),
        Table("pg_catalog.pg_foreign_table", "ftrelid i4, ftserver i4, ftoptions t[]", ForeignTables),
    ];

    /// <summary>The one role every object belongs to (what <c>pg_get_userbyid</c> answers).</summary>
    public const string CatalogOwner = "streamsql";

    /// <summary>The definitions to add to a catalog: ids -1, -2, ... in <see cref="All"/> order.</summary>
    public static IEnumerable<SystemTableDefinition> Definitions() =>
        All.Select((t, i) => new SystemTableDefinition(-(i + 1), t.Name, t.Columns));

    private static SystemTable Table(string name, string columns, Func<SystemCatalogContext, IEnumerable<object?[]>> rows, bool isStatic = false) =>
        new(name, [.. columns.Split(", ").Select(ParseColumn)], rows, isStatic);

    private static ColumnDefinition ParseColumn(string spec)
    {
        var parts = spec.Split(' ');
        var type = parts[1] switch
        {
            "i2" => I2,
            "i4" => I4,
            "f4" => F4,
            "t" => T,
            "b" => B,
            "t[]" => TextArray,
            "tz" => DataType.TimestampTz,
            "i4[]" => IntArray,
            "i2[]" => ShortArray,
            _ => throw new InvalidOperationException($"unknown column type {parts[1]}"),
        };
        return new ColumnDefinition(parts[0], type);
    }

    private static IEnumerable<object?[]> Empty(SystemCatalogContext context) => [];

    /// <summary>Objects that are relations (sinks are not: nothing reads them).</summary>
    private static IEnumerable<CatalogObject> Relations(Catalog catalog) =>
        catalog.Objects.Where(o => o.Kind != ObjectKind.Sink).OrderBy(ObjectIds.Of);

    private static IEnumerable<ColumnDefinition> VisibleColumns(CatalogObject item) => item.Columns.Where(c => !c.Hidden);

    private static string SchemaOf(CatalogObject item) => ObjectOids.SchemaOf(item);

    private static string RelationNameOf(CatalogObject item) => ObjectOids.RelationNameOf(item);

    private static IEnumerable<object?[]> Namespaces(SystemCatalogContext context) =>
        SchemaNames.Select(s => new object?[] { ObjectIds.Namespace(s), s, ObjectIds.Owner, null });

    private static IEnumerable<object?[]> Classes(SystemCatalogContext context) =>
        Relations(context.Catalog).Select(r => new object?[]
        {
            ObjectIds.Of(r), RelationNameOf(r), ObjectIds.Namespace(SchemaOf(r)), 0, 0, ObjectIds.Owner,
            r.Kind is ObjectKind.Table or ObjectKind.MaterializedView ? ObjectIds.HeapAccessMethod : 0, 0,
            0, 0, -1f, 0, 0, r is TableDefinition { PrimaryKey.IsEmpty: false }, false,
            "p", RelKind(r), (short)VisibleColumns(r).Count(), (short)((r as TableDefinition)?.Checks.Length ?? 0), false, false, false,
            false, false, true, "d", false, 0,
            null, null, null,
        }).Concat(KeyedTables(context).Select(t => new object?[]
        {
            ObjectIds.PrimaryKeyIndexOf(t), ObjectOids.PrimaryKeyNameOf(t), ObjectIds.PublicNamespace, 0, 0, ObjectIds.Owner,
            ObjectIds.BtreeAccessMethod, 0,
            0, 0, -1f, 0, 0, false, false,
            "p", "i", (short)t.PrimaryKey.Length, (short)0, false, false, false,
            false, false, true, "n", false, 0,
            null, null, null,
        }));

    /// <summary>Tables with a primary key, which PostgreSQL backs with a unique index.</summary>
    private static IEnumerable<TableDefinition> KeyedTables(SystemCatalogContext context) =>
        context.Catalog.All<TableDefinition>().Where(t => !t.PrimaryKey.IsEmpty).OrderBy(ObjectIds.Of);

    /// <summary>Tables with CHECK constraints, which PostgreSQL lists in <c>pg_constraint</c> with contype <c>c</c>.</summary>
    private static IEnumerable<TableDefinition> CheckedTables(SystemCatalogContext context) =>
        context.Catalog.All<TableDefinition>().Where(t => !t.Checks.IsEmpty).OrderBy(ObjectIds.Of);

    /// <summary>Column defaults; <c>adbin</c> holds the default as PostgreSQL prints it plainly (see pg_get_expr).</summary>
    private static IEnumerable<object?[]> AttributeDefaults(SystemCatalogContext context) =>
        context.Catalog.All<TableDefinition>().OrderBy(ObjectIds.Of).SelectMany(t => VisibleColumns(t).Select((c, i) => (c, i))
            .Where(x => x.c.Default is not null)
            .Select(x => new object?[] { ObjectOids.AttributeDefaultOf(t, x.i), ObjectIds.Of(t), (short)(x.i + 1), x.c.Default!.PlainText }));

    /// <summary>The key columns' attribute numbers (positions among the visible columns, from 1).</summary>
    private static object?[] KeyAttributeNumbers(TableDefinition table)
    {
        var visible = VisibleColumns(table).ToList();
        return [.. table.PrimaryKey.Select(i => (object?)(short)(visible.IndexOf(table.Columns[i]) + 1))];
    }

    /// <summary>Sources are read-only relations fed from outside, which is what a foreign table is.</summary>
    private static string RelKind(CatalogObject item) => item.Kind switch
    {
        ObjectKind.View => "v",
        ObjectKind.MaterializedView => "m",
        ObjectKind.Source => "f",
        ObjectKind.SystemTable when item.Name.StartsWith("information_schema.", StringComparison.Ordinal) => "v",
        _ => "r",
    };

    private const int ForeignDataWrapperOid = 29999;

    private static int ForeignServerOid(string connector) => 30000 + Array.IndexOf(ConnectorNames, connector);

    /// <summary>A source's connector options as foreign-table options (<c>name=value</c>), secrets left out.</summary>
    private static IEnumerable<object?[]> ForeignTables(SystemCatalogContext context) =>
        context.Catalog.All<SourceDefinition>().OrderBy(ObjectIds.Of).Select(s => new object?[]
        {
            ObjectIds.Of(s), ForeignServerOid(s.Connector.Name),
            s.Connector.Options.Where(o => !IsSecret(o.Key)).Select(o => (object?)(o.Key + "=" + o.Value)).ToArray(),
        });

    private static bool IsSecret(string option) =>
        option.Contains("password", StringComparison.Ordinal) || option.Contains("secret", StringComparison.Ordinal);

    private static IEnumerable<object?[]> Attributes(SystemCatalogContext context) =>
        Relations(context.Catalog).SelectMany(r => VisibleColumns(r).Select((c, i) =>
        {
            var info = PgTypes.Info(c.Type);
            return new object?[]
            {
                ObjectIds.Of(r), c.Name, info.Oid, -1, info.Length, (short)(i + 1), c.Type.Kind == TypeKind.Array ? 1 : 0, -1,
                PgTypes.TypeModifier(c.Type), IsByValue(info.Length), Align(info.Length), info.Length == -1 ? "x" : "p", "",
                !c.Nullable, c.Default is not null, false,
                "", "", false, true, 0, Collation(info), null, null, null,
            };
        }));

    private static IEnumerable<object?[]> Types() =>
        PgTypes.All.OrderBy(t => t.Oid).Select(t => new object?[]
        {
            t.Oid, t.Name, ObjectIds.PgCatalogNamespace, ObjectIds.Owner, t.Length, IsByValue(t.Length),
            t.Oid == PgTypes.UnknownOid ? "p" : "b", t.Category.ToString(),
            t.IsPreferred, true, ",", 0, t.ElementOid, t.ArrayOid,
            t.ElementOid != 0 ? ObjectIds.ArrayReceiveProc : ObjectIds.ReceiveProc(t.Oid), 0,
            Align(t.Length), t.Length == -1 ? "x" : "p", false, 0, -1, 0, Collation(t), null,
        });

    /// <summary>Receive functions: Npgsql tells array types from base types by <c>typreceive = array_recv</c>.</summary>
    private static IEnumerable<object?[]> Procedures() =>
        PgTypes.All.Where(t => t.ElementOid == 0).OrderBy(t => t.Oid)
            .Select(t => new object?[] { ObjectIds.ReceiveProc(t.Oid), t.Name + "recv", ObjectIds.PgCatalogNamespace, ObjectIds.Owner, 12, "f", false, t.Oid, (short)1, new object?[] { 2281 }, t.Name + "recv" })
            .Prepend([ObjectIds.ArrayReceiveProc, "array_recv", ObjectIds.PgCatalogNamespace, ObjectIds.Owner, 12, "f", false, 2277, (short)3, new object?[] { 2281, 26, 23 }, "array_recv"]);

    private static bool IsByValue(short length) => length is 1 or 2 or 4 or 8;

    private static string Align(short length) => length switch { 1 => "c", 2 => "s", 8 => "d", _ => "i" };

    private static int Collation(PgTypeInfo type) => type.Category == 'S' ? ObjectIds.DefaultCollation : 0;
}
