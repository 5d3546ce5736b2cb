using Npgsql;
using StreamSql.Server.Tests.Support;

namespace StreamSql.Server.Tests.Pg;

/// <summary>Npgsql and psql over the wire against the real engine: the whole stack, as users run it.</summary>
public sealed class EngineWireTests(EngineServerFixture server) : IClassFixture<EngineServerFixture>
{
    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Cancels a streaming command and reads its rows out: the SQLSTATE the stream ended with.</summary>
    private static async Task<string?> CancelAsync(NpgsqlCommand command, NpgsqlDataReader reader)
    {
        command.Cancel();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await reader.ReadAsync())
            {
            }
        });
        return (error as PostgresException ?? error.InnerException as PostgresException)?.SqlState;
    }

    [Fact]
    public void ConnectionOpensAgainstTheEngine()
    {
        using var connection = server.Open();
        Assert.Equal(15, connection.PostgreSqlVersion.Major);
        using var command = new NpgsqlCommand("SELECT 1 + 1", connection);
        Assert.Equal(2, command.ExecuteScalar());
    }

    [Fact]
    public void TablesRoundTripWithBinaryParameters()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_people (id INT PRIMARY KEY, name TEXT, born TIMESTAMP, score NUMERIC(10,2))");
        Execute(connection, "INSERT INTO wire_people VALUES (1, 'ada', '1815-12-10 00:00:00', 99.5)");
        Execute(connection, "INSERT INTO wire_people VALUES (2, 'alan', '1912-06-23 00:00:00', 87.25)");
        Execute(connection, "FLUSH");
        using var select = new NpgsqlCommand("SELECT id, name, born, score FROM wire_people WHERE id >= $1 ORDER BY id", connection);
        select.Parameters.Add(new NpgsqlParameter { Value = 1 });
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((1, "ada", new DateTime(1815, 12, 10), 99.50m), (reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2), reader.GetDecimal(3)));
        Assert.True(reader.Read());
        Assert.Equal((2, "alan", new DateTime(1912, 6, 23), 87.25m), (reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2), reader.GetDecimal(3)));
        Assert.False(reader.Read());
    }

    [Fact]
    public void LimitAndOffsetTakeParameters()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_paged (id INT)");
        Execute(connection, "INSERT INTO wire_paged SELECT * FROM (VALUES (1), (2), (3), (4), (5)) v(id)");
        Execute(connection, "FLUSH");

        List<int> Page(object? limit, object? offset, NpgsqlTypes.NpgsqlDbType type = NpgsqlTypes.NpgsqlDbType.Bigint)
        {
            using var command = new NpgsqlCommand("SELECT id FROM wire_paged ORDER BY id LIMIT $1 OFFSET $2", connection);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = limit ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type, Value = offset ?? DBNull.Value });
            using var reader = command.ExecuteReader();
            var ids = new List<int>();
            while (reader.Read())
                ids.Add(reader.GetInt32(0));
            return ids;
        }

        // One prepared statement, run with several values; NULL is no limit (PostgreSQL's reading).
        Assert.Equal([2, 3], Page(2L, 1L));
        Assert.Equal([5], Page(2L, 4L));
        Assert.Equal([3, 4, 5], Page(null, 2L));
        Assert.Equal([1, 2, 3], Page(3, 0, NpgsqlTypes.NpgsqlDbType.Integer));
        var negativeLimit = Assert.Throws<PostgresException>(() => Page(-1L, 0L));
        Assert.Equal(("2201W", "LIMIT must not be negative"), (negativeLimit.SqlState, negativeLimit.MessageText));
        var negativeOffset = Assert.Throws<PostgresException>(() => Page(1L, -1L));
        Assert.Equal(("2201X", "OFFSET must not be negative"), (negativeOffset.SqlState, negativeOffset.MessageText));

        // The parameter is a bigint, as PostgreSQL infers it; text is refused as PostgreSQL does.
        using var text = new NpgsqlCommand("SELECT id FROM wire_paged LIMIT $1", connection);
        text.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = "2" });
        var mismatch = Assert.Throws<PostgresException>(() => text.ExecuteNonQuery());
        Assert.Equal(("42804", "argument of LIMIT must be type bigint, not type text"), (mismatch.SqlState, mismatch.MessageText));
    }

    [Fact]
    public void DmlReturningGivesTheWrittenRowsAndTheRowCount()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_returning (id INT PRIMARY KEY, name TEXT, added TIMESTAMP DEFAULT TIMESTAMP '2024-01-01 00:00:00')");

        // A prepared INSERT with parameters: Describe gives the RETURNING columns and their types.
        using var insert = new NpgsqlCommand("INSERT INTO wire_returning (id, name) VALUES ($1, $2), ($1 + 1, upper($2)) RETURNING id, name, added", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = 1 });
        insert.Parameters.Add(new NpgsqlParameter { Value = "ada" });
        insert.Prepare();
        var rows = new List<(int, string, DateTime)>();
        using (var reader = insert.ExecuteReader())
        {
            Assert.Equal(["integer", "text", "timestamp without time zone"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName));
            while (reader.Read())
                rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2)));
            reader.Close();
            Assert.Equal(2, reader.RecordsAffected);
        }
        Assert.Equal([(1, "ada", new DateTime(2024, 1, 1)), (2, "ADA", new DateTime(2024, 1, 1))], rows.Order());

        using var update = new NpgsqlCommand("UPDATE wire_returning SET name = name || '!' WHERE id = $1 RETURNING name", connection);
        update.Parameters.Add(new NpgsqlParameter { Value = 2 });
        Assert.Equal("ADA!", update.ExecuteScalar());

        using var delete = new NpgsqlCommand("DELETE FROM wire_returning WHERE id < 10 RETURNING id", connection);
        using (var reader = delete.ExecuteReader())
        {
            var ids = new List<int>();
            while (reader.Read())
                ids.Add(reader.GetInt32(0));
            reader.Close();
            Assert.Equal([1, 2], ids.Order());
            Assert.Equal(2, reader.RecordsAffected);
        }

        // Without RETURNING a DML statement stays a command (no row description).
        using var plain = new NpgsqlCommand("INSERT INTO wire_returning (id) VALUES (5)", connection);
        Assert.Equal(1, plain.ExecuteNonQuery());
    }

    [Fact]
    public void APreparedUpsertInsertsThenUpdatesAndAViewFollows()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_upsert (id INT PRIMARY KEY, name TEXT, hits INT)");
        Execute(connection, "CREATE MATERIALIZED VIEW wire_upsert_hits AS SELECT sum(hits) AS hits, count(*) AS ids FROM wire_upsert");
        using var upsert = new NpgsqlCommand(
            "INSERT INTO wire_upsert VALUES ($1, $2, 1) ON CONFLICT (id) DO UPDATE SET name = excluded.name, hits = wire_upsert.hits + 1 RETURNING hits",
            connection);
        var id = new NpgsqlParameter<int> { TypedValue = 0 };
        var name = new NpgsqlParameter<string> { TypedValue = "" };
        upsert.Parameters.Add(id);
        upsert.Parameters.Add(name);
        upsert.Prepare();
        var hits = new List<int>();
        foreach (var (key, text) in new[] { (1, "a"), (2, "b"), (1, "c"), (1, "d") })
        {
            id.TypedValue = key;
            name.TypedValue = text;
            hits.Add((int)upsert.ExecuteScalar()!);
        }
        Assert.Equal([1, 1, 2, 3], hits);

        using var skip = new NpgsqlCommand("INSERT INTO wire_upsert VALUES (2, 'x', 9) ON CONFLICT DO NOTHING", connection);
        Assert.Equal(0, skip.ExecuteNonQuery());
        Execute(connection, "FLUSH");
        using var view = new NpgsqlCommand("SELECT hits, ids FROM wire_upsert_hits", connection);
        using var reader = view.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((4L, 2L), (reader.GetInt64(0), reader.GetInt64(1)));
        reader.Close();
        using var rows = new NpgsqlCommand("SELECT name FROM wire_upsert ORDER BY id", connection);
        using var names = rows.ExecuteReader();
        var all = new List<string>();
        while (names.Read())
            all.Add(names.GetString(0));
        Assert.Equal(["d", "b"], all);
    }

    [Fact]
    public void StatementTimeoutCancelsAStatementThatRunsLonger()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_timeout (a INT)");
        Execute(connection, "CREATE MATERIALIZED VIEW wire_timeout_v AS SELECT a FROM wire_timeout");
        Execute(connection, "SET statement_timeout = 300");
        using (var show = new NpgsqlCommand("SHOW statement_timeout", connection))
            Assert.Equal("300ms", show.ExecuteScalar());

        // A SUBSCRIBE runs until cancelled: here by the timeout, with PostgreSQL's message.
        using (var subscribe = new NpgsqlCommand("SUBSCRIBE wire_timeout_v", connection))
        {
            var error = Assert.Throws<PostgresException>(() =>
            {
                using var reader = subscribe.ExecuteReader();
                while (reader.Read())
                {
                }
            });
            Assert.Equal(("57014", "canceling statement due to statement timeout"), (error.SqlState, error.MessageText));
        }

        // Shorter statements run; the connection goes on; values are checked as PostgreSQL checks them.
        using (var one = new NpgsqlCommand("SELECT 1", connection))
            Assert.Equal(1, one.ExecuteScalar());
        var bad = Assert.Throws<PostgresException>(() => Execute(connection, "SET statement_timeout = 'abc'"));
        Assert.Equal(("22023", "invalid value for parameter \"statement_timeout\": \"abc\""), (bad.SqlState, bad.MessageText));
        var negative = Assert.Throws<PostgresException>(() => Execute(connection, "SET statement_timeout = -5"));
        Assert.Equal("-5 ms is outside the valid range for parameter \"statement_timeout\" (0 .. 2147483647)", negative.MessageText);
        Execute(connection, "SET statement_timeout = '1.5s'");
        using (var show = new NpgsqlCommand("SHOW statement_timeout", connection))
            Assert.Equal("1500ms", show.ExecuteScalar());
        Execute(connection, "RESET statement_timeout");
    }

    [Fact]
    public void ErrorsFromTheFrontEndCarryTheirPosition()
    {
        using var connection = server.Open();
        using var command = new NpgsqlCommand("SELECT 1 FROM no_such_relation", connection);
        var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal(15, error.Position);
    }

    /// <summary>A failed CHECK is PostgreSQL's 23514 with its detail; the statement's rows are not stored, and defaults fill what it leaves out.</summary>
    [Fact]
    public void CheckConstraintViolationsAndDefaultsOverTheWire()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_checked (a INT CHECK (a > 0), b TEXT DEFAULT 'dflt', c TEXT)");
        Execute(connection, "INSERT INTO wire_checked (a) VALUES (1)");
        using (var command = new NpgsqlCommand("INSERT INTO wire_checked (a, c) VALUES (2, 'ok'), (-1, 'no')", connection))
        {
            var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
            Assert.Equal("23514", error.SqlState);
            Assert.Equal("new row for relation \"wire_checked\" violates check constraint \"wire_checked_a_check\"", error.MessageText);
            Assert.Equal("Failing row contains (-1, dflt, no).", error.Detail);
        }

        using var query = new NpgsqlCommand("SELECT a, b, c FROM wire_checked", connection);
        using var reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((1, "dflt", true), (reader.GetInt32(0), reader.GetString(1), reader.IsDBNull(2)));
        Assert.False(reader.Read());
    }

    /// <summary>varchar(n) and char(n) columns reach clients as PostgreSQL describes them: OIDs 1043 / 1042 with typmod n + 4.</summary>
    [Fact]
    public void CharacterTypesCarryTheirOidAndLengthOnTheWire()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_chars (a VARCHAR(3), b CHAR(2), c VARCHAR, d TEXT)");
        Execute(connection, "INSERT INTO wire_chars VALUES ('abc', 'x', 'free', 'text')");
        using var command = new NpgsqlCommand("SELECT a, b, c, d FROM wire_chars", connection);
        using var reader = command.ExecuteReader();
        Assert.Equal(["character varying(3)", "character(2)", "character varying", "text"],
            Enumerable.Range(0, 4).Select(reader.GetDataTypeName));
        Assert.Equal([1043u, 1042u, 1043u, 25u], Enumerable.Range(0, 4).Select(i => reader.GetPostgresType(i).OID));
        Assert.Equal([3, 2, null, null], reader.GetColumnSchema().Select(c => c.ColumnSize));
        Assert.True(reader.Read());
        Assert.Equal(("abc", "x ", "free"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }

    /// <summary>Storing a value longer than varchar(n) is PostgreSQL's 22001.</summary>
    [Fact]
    public void TooLongForVarcharIs22001()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE wire_short (a VARCHAR(3))");
        using var command = new NpgsqlCommand("INSERT INTO wire_short VALUES ('abcd')", connection);
        var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
        Assert.Equal("22001", error.SqlState);
        Assert.Equal("value too long for type character varying(3)", error.MessageText);
    }

    [Fact]
    public async Task SubscribeStreamsRowsAsTheyHappenUntilCancelled()
    {
        await using var writer = server.Open();
        Execute(writer, "CREATE TABLE wire_ticks (id INT, v INT)");
        Execute(writer, "CREATE MATERIALIZED VIEW wire_ticks_view AS SELECT id, v FROM wire_ticks");
        Execute(writer, "INSERT INTO wire_ticks VALUES (0, 0)");
        Execute(writer, "FLUSH");
        await using var subscriber = server.Open();
        // Npgsql's ExecuteReader waits for the first row, so the snapshot provides one.
        await using var command = new NpgsqlCommand("SUBSCRIBE wire_ticks_view WITH (SNAPSHOT = true)", subscriber);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.Equal("epoch", reader.GetName(0));
            Assert.Equal("diff", reader.GetName(1));
            Assert.True(await reader.ReadAsync());
            Assert.Equal((1, 0, 0), (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
            for (var i = 1; i <= 3; i++)
            {
                Execute(writer, $"INSERT INTO wire_ticks VALUES ({i}, {i * 10})");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                Assert.True(await reader.ReadAsync(timeout.Token));
                Assert.Equal(1, reader.GetInt32(1));
                Assert.Equal(i, reader.GetInt32(2));
                Assert.Equal(i * 10, reader.GetInt32(3));
            }
            Assert.Equal("57014", await CancelAsync(command, reader));
        }
        await using var again = new NpgsqlCommand("SELECT 1", subscriber);
        Assert.Equal(1, await again.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("table", "SUBSCRIBE wire_kv_table")]
    [InlineData("view", "SUBSCRIBE TO wire_kv_view_view")]
    public async Task SubscribeToATableOrAPlainViewReadsItAsAQuery(string kind, string subscribe)
    {
        await using var writer = server.Open();
        Execute(writer, $"CREATE TABLE wire_kv_{kind} (k INT PRIMARY KEY, v TEXT)");
        Execute(writer, $"CREATE VIEW wire_kv_view_{kind} AS SELECT k, v FROM wire_kv_{kind} WHERE k > 0");
        Execute(writer, $"INSERT INTO wire_kv_{kind} VALUES (1, 'a')");
        Execute(writer, "FLUSH");
        await using var subscriber = server.Open();
        await using var command = new NpgsqlCommand(subscribe, subscriber);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.Equal(["epoch", "diff", "k", "v"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await reader.ReadAsync(timeout.Token));
        Assert.Equal((1, 1, "a"), (reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3)));
        Execute(writer, $"UPDATE wire_kv_{kind} SET v = 'b' WHERE k = 1");
        var changes = new List<(int, int, string)>();
        for (int i = 0; i < 2; i++)
        {
            Assert.True(await reader.ReadAsync(timeout.Token));
            changes.Add((reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3)));
        }
        Assert.Equal([(-1, 1, "a"), (1, 1, "b")], changes.Order());
        Assert.Equal("57014", await CancelAsync(command, reader));
    }

    [Fact]
    public async Task ASubscriptionToAQueryTakesParameters()
    {
        await using var writer = server.Open();
        Execute(writer, "CREATE TABLE wire_param (k INT, v TEXT)");
        Execute(writer, "INSERT INTO wire_param VALUES (1, 'low'), (5, 'high')");
        Execute(writer, "FLUSH");
        await using var subscriber = server.Open();
        await using var command = new NpgsqlCommand("SUBSCRIBE (SELECT v FROM wire_param WHERE k > $1)", subscriber);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 2 });
        await using var reader = await command.ExecuteReaderAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await reader.ReadAsync(timeout.Token));
        Assert.Equal((1, "high"), (reader.GetInt32(1), reader.GetString(2)));
        Execute(writer, "INSERT INTO wire_param VALUES (0, 'no'), (9, 'yes')");
        Assert.True(await reader.ReadAsync(timeout.Token));
        Assert.Equal((1, "yes"), (reader.GetInt32(1), reader.GetString(2)));
        Assert.Equal("57014", await CancelAsync(command, reader));
    }

    [Fact]
    public void SubscribeToASinkIsRefused()
    {
        using var connection = server.Open();
        Execute(connection, "CREATE TABLE IF NOT EXISTS wire_sunk (k INT)");
        Execute(connection, "CREATE SINK IF NOT EXISTS wire_sink FROM wire_sunk WITH (connector = 'console')");
        using var command = new NpgsqlCommand("SUBSCRIBE wire_sink", connection);
        var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
        Assert.Equal("42809", error.SqlState);
        Assert.Equal(11, error.Position);
    }

    [Fact]
    public async Task PsqlRunsAgainstTheEngine()
    {
        using (var connection = server.Open())
            Execute(connection, "CREATE TABLE wire_psql (id INT, name TEXT)");
        var (exit, stdout, stderr) = await PsqlClient.RunAsync(server.Host.PgPort, "streamsql", "streamsql",
            ["-c", "INSERT INTO wire_psql VALUES (1, 'one')", "-c", "FLUSH", "-c", "SELECT id, name FROM wire_psql"]);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.EndsWith(" id | name \n----+------\n  1 | one\n(1 row)\n\n", stdout);
    }

    [Fact]
    public void ShowAllListsEverySettingWithItsValueAndDescription()
    {
        using var connection = server.Open();
        Execute(connection, "SET timezone = 'America/New_York'");
        using var command = new NpgsqlCommand("SHOW ALL", connection);
        using var reader = command.ExecuteReader();
        Assert.Equal(["name", "setting", "description"], Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
        var rows = new Dictionary<string, (string Setting, string Description)>();
        while (reader.Read())
        {
            Assert.False(reader.IsDBNull(0) || reader.IsDBNull(1) || reader.IsDBNull(2));
            rows[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
        }

        Assert.Equal(("America/New_York", "Sets the time zone for displaying and interpreting time stamps."), rows["TimeZone"]);
        Assert.Equal("ISO, MDY", rows["DateStyle"].Setting);
        Assert.Equal("10min", rows["subscription_retention"].Setting);
        Assert.All(rows.Values, r => Assert.NotEqual("", r.Description));
    }

    [Fact]
    public async Task ShowSubscriptionsAndQueriesListOpenSubscribers()
    {
        await using var writer = server.Open();
        Execute(writer, "CREATE TABLE wire_show_subs (id INT)");
        Execute(writer, "CREATE MATERIALIZED VIEW wire_show_subs_view AS SELECT id FROM wire_show_subs");
        Execute(writer, "INSERT INTO wire_show_subs VALUES (1)");
        Execute(writer, "FLUSH");
        await using var subscriber = server.Open();
        await using var subscribe = new NpgsqlCommand("SUBSCRIBE wire_show_subs_view WITH (SNAPSHOT = true)", subscriber);
        await using (var stream = await subscribe.ExecuteReaderAsync())
        {
            Assert.True(await stream.ReadAsync());
            var epoch = stream.GetInt64(0);

            var subscriptions = Rows(writer, "SHOW SUBSCRIPTIONS").Where(r => Equals(r[1], "wire_show_subs_view")).ToList();
            var subscription = Assert.Single(subscriptions);
            Assert.IsType<long>(subscription[0]);
            Assert.Equal(epoch, subscription[2]);

            var queries = Rows(writer, "SHOW QUERIES").Where(r => Equals(r[0], subscription[0])).ToList();
            Assert.Equal("SUBSCRIBE wire_show_subs_view", Assert.Single(queries)[1]);
            subscribe.Cancel();
            await Assert.ThrowsAnyAsync<Exception>(async () => { while (await stream.ReadAsync()) { } });
        }
    }

    [Fact]
    public void CopyToStdoutWritesCsvWithHeaderAsPostgresDoes()
    {
        using var connection = server.Open();
        // Expected outputs are PostgreSQL 15's for the same statements.
        Assert.Equal("a,b,c,d,e,f\n1,\"x,y\",,\"say \"\"hi\"\"\",\"\",\"l1\nl2\"\n",
            Export(connection, "COPY (SELECT 1 AS a, 'x,y' AS b, NULL::text AS c, 'say \"hi\"' AS d, '' AS e, 'l1' || chr(10) || 'l2' AS f) TO STDOUT WITH (FORMAT csv, HEADER)"));
        Assert.Equal("a,b;c\n1;2\n", Export(connection, "COPY (SELECT 1 AS \"a,b\", 2 AS c) TO STDOUT WITH (FORMAT csv, HEADER true, DELIMITER ';')"));
        Assert.Equal("a|b|c|d\n1|x\\|y|nil|tab\\there\n",
            Export(connection, "COPY (SELECT 1 AS a, 'x|y' AS b, NULL::text AS c, 'tab' || chr(9) || 'here' AS d) TO STDOUT WITH (DELIMITER '|', NULL 'nil', HEADER)"));
        Assert.Equal("1\tx\n", Export(connection, "COPY (SELECT 1, 'x') TO STDOUT"));
        // PostgreSQL's pre-9.0 spelling of the options, which it still reads.
        Assert.Equal("\"a,b\",c\n1,2\n", Export(connection, "COPY (SELECT 1 AS \"a,b\", 2 AS c) TO STDOUT WITH CSV HEADER"));
        Assert.Equal("1|nil\n", Export(connection, "COPY (SELECT 1, NULL::text) TO STDOUT DELIMITER AS '|' NULL 'nil'"));
    }

    private static string Export(NpgsqlConnection connection, string copy)
    {
        using var reader = connection.BeginTextExport(copy);
        return reader.ReadToEnd();
    }

    private static List<object?[]> Rows(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }
}
