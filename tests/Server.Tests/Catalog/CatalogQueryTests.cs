using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Catalog;

/// <summary>
/// The system tables, catalog functions and the binder features the clients' catalog queries need
/// (scalar subqueries, object identifier casts, op ANY (array)), run in-process against the real engine.
/// </summary>
public sealed class CatalogQueryTests : IAsyncLifetime
{
    private const string Setup = CatalogServerFixture.Setup + """
        INSERT INTO t1 VALUES (1, 'a', 1.50, ARRAY['x']), (2, 'b', NULL, NULL);
        FLUSH;
        """;

    private readonly QueryEngine engine = new(new EngineOptions { ConsoleOutput = TextWriter.Null });

    public async Task InitializeAsync() => await RunAsync(Setup);

    public async Task DisposeAsync() => await engine.DisposeAsync();

    private async Task<IReadOnlyList<(StatementResult Result, IReadOnlyList<object?[]> Rows)>> RunAllAsync(string sql)
    {
        await using var session = engine.OpenSession();
        return await session.ExecuteAllAsync(sql, CancellationToken.None);
    }

    private async Task<string> RunAsync(string sql)
    {
        var all = await RunAllAsync(sql);
        var failed = all.FirstOrDefault(r => r.Result.Error is not null);
        Assert.True(failed.Result is null, failed.Result?.Error?.Message);
        return Show(all[^1].Rows);
    }

    private async Task<EngineError> FailAsync(string sql)
    {
        var all = await RunAllAsync(sql);
        var error = all[^1].Result.Error;
        Assert.NotNull(error);
        return error;
    }

    private static string Show(IReadOnlyList<object?[]> rows) =>
        string.Join("\n", rows.Select(r => string.Join("|", r.Select(Value))));

    private static string Value(object? v) => v switch
    {
        null => "NULL",
        bool b => b ? "t" : "f",
        object?[] a => "{" + string.Join(",", a.Select(Value)) + "}",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private async Task<int> OidOf(string name) => int.Parse(await RunAsync($"SELECT oid FROM pg_class WHERE relname = '{name}'"));

    [Fact]
    public async Task NpgsqlTypeLoadingReturnsTheBaseAndArrayTypes()
    {
        var all = await RunAllAsync(ClientQueries.NpgsqlTypeLoading);
        Assert.All(all, r => Assert.Null(r.Result.Error));
        Assert.Equal(4, all.Count);
        Assert.Equal("PostgreSQL 15.0 (StreamSql) on x86_64", Show(all[0].Rows));
        var types = all[1].Rows.Select(r => string.Join("|", r.Select(Value))).ToList();
        Assert.Contains("pg_catalog|23|int4|b|f|NULL", types);
        Assert.Contains("pg_catalog|1007|_int4|a|f|23", types);
        Assert.Contains("pg_catalog|705|unknown|p|f|NULL", types);
        Assert.Contains("pg_catalog|3807|_jsonb|a|f|3802", types);
        // Base and pseudo types first, arrays last (Npgsql resolves an array's element from earlier rows).
        var firstArray = types.FindIndex(t => t.Split('|')[3] == "a");
        Assert.True(types.Skip(firstArray).All(t => t.Split('|')[3] == "a"));
        Assert.Equal(2 * 17 + 1, types.Count);
        Assert.Empty(all[2].Rows);
        Assert.Empty(all[3].Rows);
    }

    [Fact]
    public async Task PsqlListsRelationsSchemasAndDatabases()
    {
        Assert.Equal("public|s1_errors|table|streamsql\npublic|t1|table|streamsql", await RunAsync(ClientQueries.PsqlListTables));
        Assert.Equal(
            "public|m1|materialized view|streamsql\npublic|s1|foreign table|streamsql\npublic|s1_errors|table|streamsql\n" +
            "public|t1|table|streamsql\npublic|v1|view|streamsql",
            await RunAsync(ClientQueries.PsqlListRelations));
        Assert.Equal("public|streamsql", await RunAsync(ClientQueries.PsqlListSchemas));
        Assert.Equal("streamsql|streamsql|UTF8|C.UTF-8|C.UTF-8|NULL|libc|NULL", await RunAsync(ClientQueries.PsqlListDatabases));
    }

    [Fact]
    public async Task PsqlDescribeFindsTheTableAndItsColumns()
    {
        var oid = await OidOf("t1");
        Assert.True(oid > 16384);
        Assert.Equal($"{oid}|public|t1", await RunAsync(ClientQueries.PsqlDescribe[0].Replace("{name}", "t1")));
        Assert.Equal("0|r|t|f|f|f|f|f|f||0||p|d|heap", await RunAsync(ClientQueries.PsqlDescribe[1].Replace("{oid}", oid.ToString())));
        Assert.Equal(
            "id|integer|NULL|t|NULL||\nname|text|NULL|t|NULL||\namount|numeric(10,2)|NULL|f|NULL||\ntags|text[]|NULL|f|NULL||",
            await RunAsync(ClientQueries.PsqlDescribe[2].Replace("{oid}", oid.ToString())));
        Assert.Equal(
            "t1_pkey|t|t|f|t|CREATE UNIQUE INDEX t1_pkey ON t1 USING btree (id)|PRIMARY KEY (id)|p|f|f|f|0",
            await RunAsync(ClientQueries.PsqlDescribe[3].Replace("{oid}", oid.ToString())));
    }

    [Fact]
    public async Task SystemTablesFollowCatalogChanges()
    {
        Assert.Equal("", await RunAsync("SELECT relname FROM pg_class WHERE relname = 't2'"));
        await RunAsync("CREATE TABLE t2 (k BIGINT)");
        var oid = await OidOf("t2");
        Assert.Equal("k|20|1", await RunAsync($"SELECT attname, atttypid, attnum FROM pg_attribute WHERE attrelid = {oid}"));
        Assert.Equal("public|t2|BASE TABLE", await RunAsync("SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name = 't2'"));
        await RunAsync("DROP TABLE t2");
        Assert.Equal("", await RunAsync("SELECT relname FROM pg_class WHERE relname = 't2'"));
        Assert.Equal("", await RunAsync($"SELECT attname FROM pg_attribute WHERE attrelid = {oid}"));
    }

    [Fact]
    public async Task SystemTablesAreNotListedAsTables()
    {
        var tables = await RunAsync("SHOW TABLES");
        Assert.DoesNotContain("pg_class", tables);
        Assert.Contains("t1", tables);
        Assert.Equal("pg_catalog|pg_class|r", await RunAsync(
            "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'pg_class'"));
    }

    [Fact]
    public async Task CatalogFunctions()
    {
        Assert.Equal("PostgreSQL 15.0 (StreamSql) on x86_64|streamsql|public|UTC",
            await RunAsync("SELECT version(), current_database(), current_schema(), current_setting('TimeZone')"));
        Assert.Equal("15.0|NULL", await RunAsync("SELECT current_setting('server_version'), current_setting('no_such_setting')"));
        Assert.Equal("numeric(10,2)|integer|text[]|character varying|???|streamsql|t|UTF8",
            await RunAsync("SELECT format_type(1700, 655366), format_type(23, -1), format_type(1009, NULL), format_type(1043, -1), " +
                           "format_type(1, -1), pg_get_userbyid(10), pg_table_is_visible(1), pg_encoding_to_char(6)"));
        Assert.Equal("NULL|NULL|t|{pg_catalog,public}|t",
            await RunAsync("SELECT obj_description(1, 'pg_class'), pg_get_expr('x', 1), has_table_privilege('t1', 'SELECT'), current_schemas(true), pg_backend_pid() > 0"));
    }

    [Fact]
    public async Task UncorrelatedScalarSubqueryIsJoinedToEveryRow()
    {
        Assert.Equal("1|2\n2|2", await RunAsync("SELECT id, (SELECT count(*) FROM t1) AS n FROM t1 ORDER BY id"));
        Assert.Equal("2", await RunAsync("SELECT id FROM t1 WHERE id = (SELECT max(id) FROM t1)"));
        Assert.Equal("1|NULL", await RunAsync("SELECT id, (SELECT name FROM t1 WHERE id = 5) FROM t1 WHERE id = 1"));
    }

    [Fact]
    public async Task CorrelatedScalarSubqueryLooksUpOneRowPerOuterRow()
    {
        Assert.Equal("1|b\n2|NULL", await RunAsync("SELECT o.id, (SELECT i.name FROM t1 i WHERE i.id = o.id + 1) FROM t1 o ORDER BY o.id"));
        Assert.Equal("id|int4\nname|text\namount|numeric\ntags|_text", await RunAsync(
            "SELECT a.attname, (SELECT t.typname FROM pg_type t WHERE t.oid = a.atttypid) FROM pg_attribute a " +
            "WHERE a.attrelid = 't1'::regclass ORDER BY a.attnum"));
        // The inner relation's names shadow the outer query's.
        Assert.Equal("1", await RunAsync("SELECT t1.id FROM t1 WHERE t1.id = (SELECT min(t1.id) FROM t1)"));
        Assert.Equal("2", await RunAsync("SELECT o.id FROM t1 o WHERE (SELECT i.name FROM t1 i WHERE i.id = o.id) = 'b'"));
    }

    [Fact]
    public async Task CorrelatedAggregatesAndSetSubqueriesAreDecorrelated()
    {
        Assert.Equal("1|1\n2|0", await RunAsync("SELECT o.id, (SELECT count(*) FROM t1 i WHERE i.id > o.id) FROM t1 o ORDER BY o.id"));
        Assert.Equal("1|t|{b}\n2|f|{}", await RunAsync(
            "SELECT o.id, EXISTS (SELECT 1 FROM t1 i WHERE i.id > o.id), ARRAY(SELECT i.name FROM t1 i WHERE i.id > o.id) FROM t1 o ORDER BY o.id"));
        Assert.Equal("2", await RunAsync("SELECT o.id FROM t1 o WHERE o.id - 1 IN (SELECT i.id FROM t1 i WHERE i.name < o.name)"));
        // psql's \d policy query: ARRAY(SELECT ... WHERE oid = ANY (outer array)) over an empty pg_policy.
        Assert.StartsWith("SELECT pol.polname", ClientQueries.PsqlDescribe[4].Trim());
        Assert.Equal("", await RunAsync(ClientQueries.PsqlDescribe[4].Replace("{oid}", (await OidOf("t1")).ToString())));
    }

    [Fact]
    public async Task UnsupportedSubqueriesAreRejected()
    {
        var twoColumns = await FailAsync("SELECT (SELECT id, name FROM t1 WHERE id = 1)");
        Assert.Equal("42601", twoColumns.SqlState);
        Assert.Equal("subquery must return only one column", twoColumns.Message);
        var inGroupBy = await FailAsync("SELECT count(*) FROM t1 GROUP BY (SELECT 1)");
        Assert.Equal("0A000", inGroupBy.SqlState);
        const string limited = "SELECT o.id FROM t1 o WHERE EXISTS (SELECT 1 FROM t1 i WHERE i.id > o.id LIMIT 1)";
        var limit = await FailAsync(limited);
        Assert.Equal("0A000", limit.SqlState);
        Assert.Equal("LIMIT or OFFSET in a subquery that reads columns of the enclosing query is not supported", limit.Message);
        Assert.Equal(limited.IndexOf("LIMIT", StringComparison.Ordinal) + 7, limit.Position);
        const string having = "SELECT (SELECT count(*) FROM t1 i WHERE i.id > o.id HAVING count(*) > 0) FROM t1 o";
        var noGroup = await FailAsync(having);
        Assert.Equal("0A000", noGroup.SqlState);
        Assert.Equal(having.IndexOf("count(*) > 0", StringComparison.Ordinal) + 1, noGroup.Position);
        const string windowed = "SELECT (SELECT max(rn) FROM (SELECT row_number() OVER (ORDER BY i.id) AS rn FROM t1 i WHERE i.id > o.id) AS r) FROM t1 o";
        var window = await FailAsync(windowed);
        Assert.Equal("0A000", window.SqlState);
        Assert.Equal("a window function in a subquery that reads columns of the enclosing query is not supported", window.Message);
    }

    [Fact]
    public async Task ObjectIdentifierCasts()
    {
        var oid = await OidOf("t1");
        Assert.Equal($"{oid}|t1", await RunAsync("SELECT 't1'::regclass, oid::regclass FROM pg_class WHERE oid = 't1'::regclass"));
        Assert.Equal("v1|pg_class", await RunAsync("SELECT 'v1'::regclass::oid::regclass, 'pg_class'::regclass::regclass"));
        Assert.Equal("integer|text[]|public|pg_catalog|99999|23",
            await RunAsync("SELECT 23::regtype, 1009::regtype::text, 2200::regnamespace, 11::regnamespace, 99999::regclass, '23'::oid"));
        var missing = await FailAsync("SELECT 'no_such'::regclass");
        Assert.Equal("42P01", missing.SqlState);
        Assert.Equal("relation \"no_such\" does not exist", missing.Message);
        var missingType = await FailAsync("SELECT 'no_such'::regtype");
        Assert.Equal("42704", missingType.SqlState);
        var nonConstant = await FailAsync("SELECT name::regclass FROM t1");
        Assert.Equal("0A000", nonConstant.SqlState);
    }

    [Fact]
    public async Task QuantifiedComparisonOverAnArray()
    {
        Assert.Equal("t|f|NULL|t|f|f|NULL",
            await RunAsync("SELECT 2 = ANY(ARRAY[1,2]), 3 = ANY(ARRAY[1,2]), 3 = ANY(ARRAY[1,NULL]), 1 <> ALL(ARRAY[2,3]), " +
                           "1 = ANY('{}'::int[]) , 'd' = any('{a,b}'), NULL::int = ANY(ARRAY[1])"));
        Assert.Equal("a", await RunAsync("SELECT name FROM t1 WHERE 'x' = ANY(tags)"));
        var notArray = await FailAsync("SELECT 1 = ANY(1)");
        Assert.Equal("42804", notArray.SqlState);
        Assert.Equal("t|f|t", await RunAsync("SELECT 1 = ANY(SELECT 1), 1 = ANY(SELECT 2 WHERE false), 1 < ALL(SELECT 2 WHERE false)"));
        Assert.Equal("1", await RunAsync("SELECT o.id FROM t1 o WHERE 1 = ANY(SELECT i.id FROM t1 i WHERE i.name = o.name)"));
        Assert.Equal("1|t\n2|t", await RunAsync("SELECT o.id, o.id >= ALL(SELECT i.id FROM t1 i WHERE i.name <= o.name) FROM t1 o ORDER BY 1"));
    }

    [Fact]
    public async Task CollateIsAccepted() =>
        Assert.Equal("t1", await RunAsync("SELECT relname FROM pg_class WHERE relname OPERATOR(pg_catalog.~) '^(t1)$' COLLATE pg_catalog.default"));

    [Fact]
    public async Task ConcatFormatsArgumentsWithTheTypeOutput() =>
        Assert.Equal("at|a1.502024-01-02|ab", await RunAsync("SELECT concat('a', true), concat('a', 1.50, NULL, DATE '2024-01-02'), concat_ws('', 'a', 'b')"));

    [Fact]
    public async Task TextFormatAcceptsADelimiter()
    {
        await RunAsync("CREATE SINK text_sink FROM t1 WITH (connector = 'console') FORMAT TEXT (delimiter = ':'); DROP SINK text_sink");
        var error = await FailAsync("CREATE SINK json_sink FROM t1 WITH (connector = 'console') FORMAT JSON (delimiter = ':')");
        Assert.Equal("SS2010", error.Code);
        Assert.Equal("22023", error.SqlState);
        Assert.Equal("unknown option 'delimiter' for connector 'FORMAT JSON'", error.Message);
    }
}
