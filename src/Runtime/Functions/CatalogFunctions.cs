using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// The PostgreSQL system information functions clients call while reading <c>pg_catalog</c>
/// (psql's <c>\d</c> family, Npgsql's type loading). StreamSql has one database, one schema for user
/// objects (<c>public</c>), no privileges, comments, defaults expressions, indexes or constraints,
/// so these answer as PostgreSQL does for a catalog with none of those: NULL descriptions and
/// definitions, every table visible and accessible. Functions that depend on the session
/// (<c>current_database</c>, <c>current_setting</c>) are folded to constants by the binder.
/// </summary>
internal static class CatalogFunctions
{
    /// <summary>What <c>version()</c> returns; clients parse the number after "PostgreSQL ".</summary>
    public const string VersionText = "PostgreSQL 15.0 (StreamSql) on x86_64";

    /// <summary>The owner every object reports (there are no roles).</summary>
    public const string OwnerName = "streamsql";

    public static void Register(FunctionCatalogBuilder b)
    {
        var text = DataType.Text;
        var i4 = DataType.Int32;
        var i2 = DataType.Int16;
        var boolean = DataType.Boolean;

        b.Add("version", [], text, _ => VersionText);
        b.Add("current_schema", [], text, _ => "public");
        b.Add("current_schemas", [boolean], DataType.ArrayOf(text),
            a => (bool)a[0]! ? new object?[] { "pg_catalog", "public" } : new object?[] { "public" });
        b.Add("pg_backend_pid", [], i4, _ => Environment.ProcessId);
        b.Add("pg_get_userbyid", [i4], text, _ => OwnerName);
        // Relations live in memory and in checkpoints, not in relation files: their on-disk size is 0.
        foreach (var name in new[] { "pg_table_size", "pg_total_relation_size", "pg_relation_size", "pg_indexes_size" })
            b.Add(name, [i4], DataType.Int64, _ => 0L);
        b.Add("pg_database_size", [text], DataType.Int64, _ => 0L);
        b.Add("pg_database_size", [i4], DataType.Int64, _ => 0L);
        b.Add("pg_tablespace_size", [i4], DataType.Int64, _ => 0L);
        b.Add("pg_tablespace_location", [i4], text, _ => "");
        b.Add("pg_size_pretty", [DataType.Int64], text, a => SizePretty((long)a[0]!));
        b.Add("pg_table_is_visible", [i4], boolean, _ => true);
        b.Add("pg_type_is_visible", [i4], boolean, _ => true);
        b.Add("pg_function_is_visible", [i4], boolean, _ => true);
        b.Add("pg_encoding_to_char", [i4], text, a => (int)a[0]! == 6 ? "UTF8" : "");
        b.Add("pg_relation_is_publishable", [i4], boolean, _ => false);
        b.Add("pg_get_statisticsobjdef_columns", [i4], text, _ => null, strict: false);
        b.Add("obj_description", [i4], text, _ => null, strict: false);
        b.Add("obj_description", [i4, text], text, _ => null, strict: false);
        b.Add("col_description", [i4, i4], text, _ => null, strict: false);
        b.Add("shobj_description", [i4, text], text, _ => null, strict: false);
        b.Add("pg_get_expr", [text, i4], text, _ => null, strict: false);
        b.Add("pg_get_expr", [text, i4, boolean], text, _ => null, strict: false);
        b.Add("pg_get_indexdef", [i4], text, _ => null, strict: false);
        b.Add("pg_get_indexdef", [i4, i4, boolean], text, _ => null, strict: false);
        b.Add("pg_get_constraintdef", [i4], text, _ => null, strict: false);
        b.Add("pg_get_constraintdef", [i4, boolean], text, _ => null, strict: false);
        b.Add("pg_get_viewdef", [i4], text, _ => null, strict: false);
        b.Add("pg_get_viewdef", [i4, boolean], text, _ => null, strict: false);
        b.Add("pg_get_function_result", [i4], text, _ => null, strict: false);
        b.Add("pg_get_function_arguments", [i4], text, _ => null, strict: false);
        b.Add("has_table_privilege", [text, text], boolean, _ => true);
        b.Add("has_table_privilege", [i4, text], boolean, _ => true);
        b.Add("has_table_privilege", [text, text, text], boolean, _ => true);
        b.Add("has_schema_privilege", [text, text], boolean, _ => true);
        b.Add("has_schema_privilege", [text, text, text], boolean, _ => true);
        b.Add("has_database_privilege", [text, text], boolean, _ => true);
        b.Add("pg_is_in_recovery", [], boolean, _ => false);
        b.Add("pg_postmaster_start_time", [], DataType.TimestampTz, (_, c) => c.NowMicros);
        b.Add("pg_char_to_encoding", [text], i4, a => string.Equals((string)a[0]!, "UTF8", StringComparison.OrdinalIgnoreCase) ? 6 : -1);
        b.Add("int2_to_int4", [i2], i4, a => (int)(short)a[0]!);
    }

    /// <summary>pg_size_pretty(bigint), PostgreSQL 15's: bytes below 10 kB, then kB, MB, GB, TB, PB, halves rounded away from zero.</summary>
    public static string SizePretty(long size)
    {
        const long limit = 10 * 1024, limit2 = limit * 2 - 1;
        if (Math.Abs(size) < limit)
            return $"{size} bytes";
        size >>= 9; // one bit more than kB, for rounding
        foreach (var unit in new[] { "kB", "MB", "GB", "TB" })
        {
            if (Math.Abs(size) < limit2)
                return $"{HalfRounded(size)} {unit}";
            size >>= 10;
        }
        return $"{HalfRounded(size)} PB";
    }

    private static long HalfRounded(long x) => (x + (x < 0 ? -1 : 1)) / 2;
}
