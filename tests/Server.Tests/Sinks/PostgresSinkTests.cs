using Npgsql;
using StreamSql.Runtime.Connectors.Postgres;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;
using StreamSql.Server.Tests.Support;

namespace StreamSql.Server.Tests.Sinks;

/// <summary>
/// The <c>postgres</c> sink against a real PostgreSQL 15 started for these tests: the target table
/// follows the query through inserts, updates and deletes, epochs already applied are skipped,
/// re-delivered changes leave the table as it was, and a PostgreSQL that goes away is caught up with.
/// </summary>
public sealed class PostgresSinkTests : IAsyncLifetime
{
    private PostgresInstance postgres = null!;
    private readonly StringWriter log = new();
    private readonly TextWriter syncLog;
    private readonly QueryEngine engine;

    private Session session = null!;

    public PostgresSinkTests()
    {
        // The synchronized writer locks itself, so Logged() locks it too.
        syncLog = TextWriter.Synchronized(log);
        engine = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null, Log = syncLog });
    }

    public async Task InitializeAsync()
    {
        postgres = await PostgresInstance.StartAsync();
        engine.Start();
        session = engine.OpenSession();
    }

    public async Task DisposeAsync()
    {
        await session.DisposeAsync();
        await engine.DisposeAsync();
        await postgres.DisposeAsync();
    }

    private string Logged()
    {
        lock (syncLog)
            return log.ToString();
    }

    private string Url => $"postgres://postgres@127.0.0.1:{postgres.Port}/postgres";

    private async Task Execute(string sql)
    {
        foreach (var (result, _) in await session.ExecuteAllAsync(sql, CancellationToken.None))
            Assert.True(result.Error is null, result.Error?.Message);
    }

    private async Task<EngineError> Fails(string sql)
    {
        var results = await session.ExecuteAllAsync(sql, CancellationToken.None);
        return Assert.Single(results.Select(r => r.Item1.Error), e => e is not null)!;
    }

    /// <summary>The rows of a PostgreSQL query as text lines <c>a|b|c</c>, in the query's order.</summary>
    private async Task<string> InPostgres(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
            lines.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return string.Join("\n", lines);
    }

    /// <summary>Waits (up to 30 s) until <paramref name="sql"/> in PostgreSQL returns <paramref name="expected"/>.</summary>
    private async Task Eventually(string sql, string expected)
    {
        var actual = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            try
            {
                actual = await InPostgres(sql);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                continue;
            }
            if (actual == expected)
                return;
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task TheTargetFollowsAnAggregateThroughInsertsUpdatesAndDeletes()
    {
        await Execute($"""
            CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, amount NUMERIC(10,2));
            INSERT INTO orders VALUES (1, 'ann', 10.50), (2, 'bob', 3), (3, 'ann', 1);
            CREATE SINK totals AS SELECT customer, count(*) AS n, sum(amount) AS total FROM orders GROUP BY customer
                WITH (connector = 'postgres', url = '{Url}', table = 'totals', primary_key = 'customer', create_table = 'true');
            """);
        await Eventually("SELECT customer, n, total FROM totals ORDER BY customer", "ann|2|11.50\nbob|1|3.00");

        await Execute("INSERT INTO orders VALUES (4, 'cy', 7)");
        await Execute("UPDATE orders SET customer = 'bob' WHERE id = 3");
        await Execute("DELETE FROM orders WHERE id = 2");
        await Eventually("SELECT customer, n, total FROM totals ORDER BY customer", "ann|1|10.50\nbob|1|1.00\ncy|1|7.00");
        await Execute("DELETE FROM orders WHERE customer = 'cy'");
        await Eventually("SELECT customer, n, total FROM totals ORDER BY customer", "ann|1|10.50\nbob|1|1.00");

        // The created table has the query's types and the key; the progress row names the sink.
        Assert.Equal("customer|text|NO\nn|bigint|YES\ntotal|numeric|YES", await InPostgres(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'totals' ORDER BY ordinal_position"));
        Assert.Equal("1", await InPostgres("SELECT count(*) FROM streamsql_sink_progress WHERE sink = 'totals' AND last_epoch > 0"));
    }

    [Fact]
    public async Task EveryTypeArrivesAsPostgreSqlTextInAnExistingSchemaQualifiedTable()
    {
        await InPostgres("CREATE SCHEMA reporting; CREATE TABLE reporting.\"Typed\" (id int, b boolean, i2 smallint, i8 bigint, f4 real, f8 double precision, " +
            "n numeric(12,3), t text, ts timestamp, tz timestamptz, d date, iv interval, j jsonb, a integer[], ta text[])");
        await Execute($$"""
            CREATE TABLE typed (id INT PRIMARY KEY, b BOOLEAN, i2 SMALLINT, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION, n NUMERIC(12,3), t TEXT,
                ts TIMESTAMP, tz TIMESTAMPTZ, d DATE, iv INTERVAL, j JSONB, a INT[], ta TEXT[]);
            INSERT INTO typed VALUES (1, true, 2, 8000000000, 1.5, 2.25, 12.345, 'it''s "q" \ and, comma', '2024-01-02 03:04:05.123456',
                '2024-01-02 03:04:05+00', '2024-01-02', '1 day 02:03:04', '{"a": [1, null]}', ARRAY[1, NULL, 3], ARRAY['x y', NULL, '{}', '"']),
                (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            CREATE SINK typed_out FROM typed WITH (connector = 'postgres', url = '{{Url}}', table = 'reporting.Typed', primary_key = 'id');
            """);
        await Eventually("SELECT count(*) FROM reporting.\"Typed\"", "2");
        Assert.Equal(
            "1|true|2|8000000000|1.5|2.25|12.345|it's \"q\" \\ and, comma|2024-01-02 03:04:05.123456|2024-01-02 03:04:05+00|2024-01-02|1 day 02:03:04|{\"a\": [1, null]}|{1,NULL,3}|{\"x y\",NULL,\"{}\",\"\\\"\"}\n" +
            "2|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
            await InPostgres("SET TimeZone = 'UTC'; SELECT id, b::text, i2, i8, f4, f8, n, t, ts::text, tz::text, d::text, iv::text, j::text, a::text, ta::text FROM reporting.\"Typed\" ORDER BY id"));
    }

    [Fact]
    public async Task AnAppendOnlyQueryWithoutKeyIsInserted()
    {
        await Execute($"""
            CREATE TABLE clicks (url TEXT, n INT) APPEND ONLY;
            CREATE SINK click_log AS SELECT url, n * 2 AS doubled FROM clicks WHERE n > 0
                WITH (connector = 'postgres', url = '{Url}', table = 'click_log', create_table = 'true');
            INSERT INTO clicks VALUES ('/a', 1), ('/b', 0), ('/a', 1);
            INSERT INTO clicks VALUES ('/c', 5);
            """);
        await Eventually("SELECT url, doubled FROM click_log ORDER BY url, doubled", "/a|2\n/a|2\n/c|10");
    }

    [Fact]
    public async Task BadSinkStatementsFailWithCodeAndPosition()
    {
        var noKey = "CREATE SINK s AS SELECT customer, count(*) FROM o GROUP BY customer WITH (connector = 'postgres', url = 'postgres://x@127.0.0.1:1/db', table = 't')";
        await Execute("CREATE TABLE o (customer TEXT)");
        var error = await Fails(noKey);
        Assert.Equal("0A000", error.SqlState);
        Assert.Equal(noKey.IndexOf("connector =", StringComparison.Ordinal) + 1, error.Position);
        Assert.Contains("primary_key", error.Hint);

        var unknownColumn = "CREATE SINK s FROM o WITH (connector = 'postgres', url = 'postgres://x@127.0.0.1:1/db', table = 't', primary_key = 'nope')";
        error = await Fails(unknownColumn);
        Assert.Equal("42703", error.SqlState);
        Assert.Equal(unknownColumn.IndexOf("primary_key", StringComparison.Ordinal) + 1, error.Position);

        error = await Fails("CREATE SINK s FROM o WITH (connector = 'postgres', url = 'postgres://x@127.0.0.1:1/db', table = 't', create_table = 'maybe')");
        Assert.Equal("22023", error.SqlState);
        error = await Fails("CREATE SINK s FROM o WITH (connector = 'postgres', table = 't')");
        Assert.Equal("22023", error.SqlState);
        Assert.Contains("url", error.Message);
        error = await Fails("CREATE SINK s FROM o WITH (connector = 'postgres', url = 'postgres://[bad', table = 't', primary_key = 'customer')");
        Assert.Equal("22023", error.SqlState);
        error = await Fails("CREATE SINK s FROM o WITH (connector = 'postgres', url = 'Host=127.0.0.1;Nonsense=1', table = 't', primary_key = 'customer')");
        Assert.Equal("22023", error.SqlState);
        error = await Fails("CREATE SINK s FROM o WITH (connector = 'postgres', url = 'postgres://x@127.0.0.1:1/db', table = 'a.b.c', primary_key = 'customer')");
        Assert.Equal("22023", error.SqlState);
    }

    [Fact]
    public async Task ASinkWhosePostgreSqlIsDownKeepsTheViewRunningAndCatchesUp()
    {
        await Execute($"""
            CREATE TABLE events (id INT PRIMARY KEY, kind TEXT);
            CREATE MATERIALIZED VIEW kinds AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
            CREATE SINK kinds_out FROM kinds WITH (connector = 'postgres', url = '{Url}', table = 'kinds', primary_key = 'kind', create_table = 'true');
            INSERT INTO events VALUES (1, 'a');
            """);
        await Eventually("SELECT kind, n FROM kinds", "a|1");

        await postgres.StopServerAsync();
        for (var i = 2; i <= 40; i++)
            await Execute($"INSERT INTO events VALUES ({i}, '{(i % 2 == 0 ? "a" : "b")}')");
        await Execute("DELETE FROM events WHERE id = 3");
        // The view went on while the sink could not write.
        var results = await session.ExecuteAllAsync("SELECT kind, n FROM kinds ORDER BY kind", CancellationToken.None);
        Assert.Null(results[0].Item1.Error);

        for (var deadline = DateTime.UtcNow.AddSeconds(30); !Logged().Contains("retrying in") && DateTime.UtcNow < deadline;)
            await Task.Delay(20);
        Assert.Contains("sink kinds_out: PostgreSQL: ", Logged());

        await postgres.StartServerAsync();
        await Eventually("SELECT kind, n FROM kinds ORDER BY kind", "a|21\nb|18");
    }

    [Fact]
    public async Task EpochsAtOrBelowTheRecordedProgressAreSkipped()
    {
        await InPostgres($"CREATE TABLE {PostgresSink.ProgressTable} (sink text PRIMARY KEY, last_epoch bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now()); " +
            $"INSERT INTO {PostgresSink.ProgressTable} VALUES ('direct', 10); CREATE TABLE direct (k int, v text)");
        var sink = new PostgresSink(PostgresSinkOptions.Parse(new Dictionary<string, string> { ["url"] = postgres.ConnectionString, ["table"] = "direct", ["primary_key"] = "k" }));
        var schema = RowSchema.Of(("k", DataType.Int32), ("v", DataType.Text));
        sink.Open("direct", schema);
        Deliver(sink, 9, (1, "nine", 1));
        Deliver(sink, 10, (2, "ten", 1));
        Deliver(sink, 11, (3, "eleven", 1));
        await WaitApplied(sink, 11);
        Assert.Equal("3|eleven", await InPostgres("SELECT k, v FROM direct ORDER BY k"));
        Assert.Equal("11", await InPostgres($"SELECT last_epoch FROM {PostgresSink.ProgressTable} WHERE sink = 'direct'"));
        sink.Dispose();
    }

    [Fact]
    public async Task ChangesDeliveredAgainAfterARestartLeaveTheTableAsItWas()
    {
        await InPostgres("CREATE TABLE again (k int, v text)");
        var options = PostgresSinkOptions.Parse(new Dictionary<string, string> { ["url"] = postgres.ConnectionString, ["table"] = "again", ["primary_key"] = "k" });
        var schema = RowSchema.Of(("k", DataType.Int32), ("v", DataType.Text));

        var first = new PostgresSink(options);
        first.Open("again", schema);
        Deliver(first, 1, (1, "a", 1), (2, "b", 1), (3, "c", 1));
        Deliver(first, 2, (2, "b", -1), (2, "B", 1), (3, "c", -1));
        await WaitApplied(first, 2);
        first.Dispose();
        Assert.Equal("1|a\n2|B", await InPostgres("SELECT k, v FROM again ORDER BY k"));

        // After a crash the engine re-runs from its checkpoint under new epoch numbers: the same changes again.
        var second = new PostgresSink(options);
        second.Open("again", schema);
        Deliver(second, 7, (1, "a", 1), (2, "b", 1), (3, "c", 1));
        Deliver(second, 8, (2, "b", -1), (2, "B", 1), (3, "c", -1), (4, "d", 1));
        // Within one epoch the order of a key's retraction and insertion does not matter.
        Deliver(second, 9, (4, "D", 1), (4, "d", -1));
        await WaitApplied(second, 9);
        second.Dispose();
        Assert.Equal("1|a\n2|B\n4|D", await InPostgres("SELECT k, v FROM again ORDER BY k"));
    }

    private static void Deliver(PostgresSink sink, long epoch, params (int K, string V, int Weight)[] rows)
    {
        var batch = Batch.FromRows([DataType.Int32, DataType.Text], rows.Select(r => (new object?[] { r.K, r.V }, r.Weight)));
        sink.Write(epoch, batch);
        sink.Commit(epoch);
    }

    private static async Task WaitApplied(PostgresSink sink, long epoch)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && sink.AppliedEpoch < epoch; await Task.Delay(20))
        {
        }
        Assert.True(sink.AppliedEpoch >= epoch, $"epoch {epoch} not applied (applied {sink.AppliedEpoch}, last error {sink.LastError})");
    }
}
