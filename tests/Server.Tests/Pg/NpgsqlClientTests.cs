using Npgsql;
using NpgsqlTypes;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Tests.Pg;

/// <summary>Npgsql 10 against the real host and the fake session: what applications will do.</summary>
public sealed class NpgsqlClientTests(PgServerFixture server) : IClassFixture<PgServerFixture>
{
    [Fact]
    public void DefaultConnectionStringLoadsTypesAndRunsQueries()
    {
        using var connection = server.Open();
        Assert.Equal(new Version(15, 0), connection.PostgreSqlVersion);
        using var command = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, command.ExecuteScalar());
        Assert.Contains(server.Sessions.Sessions, s => s.Executed.Any(e => e.StartsWith("SELECT version()", StringComparison.Ordinal)));
    }

    [Fact]
    public void NoTypeLoadingConnectionRunsQueries()
    {
        using var connection = server.Open("Server Compatibility Mode=NoTypeLoading");
        using var command = new NpgsqlCommand("GENERATE 3", connection);
        using var reader = command.ExecuteReader();
        var rows = new List<(long, string)>();
        while (reader.Read())
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        Assert.Equal([(0L, "row 0"), (1L, "row 1"), (2L, "row 2")], rows);
    }

    [Fact]
    public void StartupParametersReachTheSession()
    {
        using var connection = server.Open("Application Name=probe");
        var session = server.Sessions.Sessions.Single(s => s.Options.Parameters.GetValueOrDefault("application_name") == "probe");
        Assert.Equal("tester", session.Options.User);
        Assert.Equal("db", session.Options.Database);
        Assert.Equal("UTF8", session.Options.Parameters["client_encoding"]);
    }

    [Fact]
    public void EveryTypeIsReadInBinary()
    {
        using var connection = server.Open();
        using var command = new NpgsqlCommand("TYPES", connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.True(reader.GetBoolean(0));
        Assert.Equal((short)-12, reader.GetInt16(1));
        Assert.Equal(123456, reader.GetInt32(2));
        Assert.Equal(9_000_000_000L, reader.GetInt64(3));
        Assert.Equal(1.5f, reader.GetFloat(4));
        Assert.Equal(-2.25e-5, reader.GetDouble(5));
        Assert.Equal(12345.6789m, reader.GetDecimal(6));
        Assert.Equal("hé\tllo", reader.GetString(7));
        Assert.Equal(DateTime.SpecifyKind(FakeSqlSession.TimestampValue, DateTimeKind.Unspecified), reader.GetDateTime(8));
        Assert.Equal(FakeSqlSession.TimestampValue, reader.GetFieldValue<DateTime>(9).ToUniversalTime());
        Assert.Equal(new DateOnly(2024, 1, 2), reader.GetFieldValue<DateOnly>(10));
        Assert.Equal(new NpgsqlInterval(14, 3, (4 * 3600 + 5) * 1_000_000L), reader.GetFieldValue<NpgsqlInterval>(11));
        Assert.Equal("{\"a\": [1, 2]}", reader.GetString(12));
        Assert.Equal([1, null, 3], reader.GetFieldValue<int?[]>(13));
        Assert.Equal(["x y", "NULL", ""], reader.GetFieldValue<string[]>(14));
        Assert.Equal(["bool", "int2", "int4", "int8", "float4", "float8", "numeric", "text", "timestamp", "timestamptz", "date", "interval", "jsonb", "_int4", "_text"],
            Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetPostgresType(i).InternalName));
        Assert.True(reader.Read());
        for (var i = 0; i < reader.FieldCount; i++)
            Assert.True(reader.IsDBNull(i));
        Assert.False(reader.Read());
    }

    [Fact]
    public void EveryTypeIsSentAndReturnedInBinary()
    {
        using var connection = server.Open();
        var timestamp = new DateTime(2023, 12, 31, 23, 59, 58, 123, DateTimeKind.Unspecified).AddTicks(4560);
        var utc = new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        object[] values =
        [
            false, (short)32767, -5, long.MinValue, -0.125f, 1e300, -98765432109876.54321m, "ünïcødé 🎉",
            timestamp, utc, new DateOnly(1900, 2, 28), new NpgsqlInterval(-1, 2, -3_000_001),
            new[] { 1L, 2L }, new[] { "a", null, "c\"d" },
        ];
        var sql = "SELECT " + string.Join(", ", values.Select((_, i) => $"${i + 1}"));
        using var command = new NpgsqlCommand(sql, connection);
        foreach (var v in values)
            command.Parameters.Add(new NpgsqlParameter { Value = v });
        command.Parameters.Add(new NpgsqlParameter { Value = "{\"k\": 1}", NpgsqlDbType = NpgsqlDbType.Jsonb });
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.False(reader.GetBoolean(0));
        Assert.Equal((short)32767, reader.GetInt16(1));
        Assert.Equal(-5, reader.GetInt32(2));
        Assert.Equal(long.MinValue, reader.GetInt64(3));
        Assert.Equal(-0.125f, reader.GetFloat(4));
        Assert.Equal(1e300, reader.GetDouble(5));
        Assert.Equal(-98765432109876.54321m, reader.GetDecimal(6));
        Assert.Equal("ünïcødé 🎉", reader.GetString(7));
        Assert.Equal(timestamp, reader.GetDateTime(8));
        Assert.Equal(utc, reader.GetFieldValue<DateTime>(9).ToUniversalTime());
        Assert.Equal(new DateOnly(1900, 2, 28), reader.GetFieldValue<DateOnly>(10));
        Assert.Equal(new NpgsqlInterval(-1, 2, -3_000_001), reader.GetFieldValue<NpgsqlInterval>(11));
        Assert.Equal([1L, 2L], reader.GetFieldValue<long[]>(12));
        Assert.Equal(new[] { "a", null, "c\"d" }, reader.GetFieldValue<string?[]>(13));
        Assert.Equal("{\"k\": 1}", reader.GetString(14));
    }

    [Fact]
    public void NumericsKeepTheirScaleAndSign()
    {
        using var connection = server.Open();
        decimal[] numbers = [0m, 0.0001m, -0.00010m, 1m, 10000m, 123456789012345678.9m, -79228162514264337593543950335m, 0.0000000000000000000000000001m, 12.300m];
        foreach (var n in numbers)
        {
            using var command = new NpgsqlCommand("SELECT $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = n });
            var back = (decimal)command.ExecuteScalar()!;
            Assert.Equal(n, back);
            Assert.Equal(n.Scale, back.Scale);
        }
    }

    [Fact]
    public void PreparedStatementsRunRepeatedly()
    {
        using var connection = server.Open();
        using var command = new NpgsqlCommand("SELECT $1, $2", connection);
        var a = new NpgsqlParameter<int> { TypedValue = 0 };
        var b = new NpgsqlParameter<string> { TypedValue = "" };
        command.Parameters.Add(a);
        command.Parameters.Add(b);
        command.Prepare();
        Assert.True(command.IsPrepared);
        for (var i = 0; i < 5; i++)
        {
            a.TypedValue = i;
            b.TypedValue = "v" + i;
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal(i, reader.GetInt32(0));
            Assert.Equal("v" + i, reader.GetString(1));
        }
    }

    [Fact]
    public async Task StreamingReaderGetsRowsOneByOneAndCancels()
    {
        await using var connection = server.Open("Application Name=streaming");
        await using var command = new NpgsqlCommand("STREAM", connection);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.True(await reader.ReadAsync());
                Assert.Equal((long)i, reader.GetInt64(2));
                Assert.Equal(1, reader.GetInt32(1));
            }
            command.Cancel();
            var error = await Assert.ThrowsAsync<OperationCanceledException>(async () =>
            {
                while (await reader.ReadAsync())
                {
                }
            });
            Assert.Equal("57014", Assert.IsType<PostgresException>(error.InnerException).SqlState);
        }
        using var again = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, await again.ExecuteScalarAsync());
        var session = server.Sessions.Sessions.Single(s => s.Options.Parameters.GetValueOrDefault("application_name") == "streaming");
        Assert.All(session.Readers, r => Assert.True(r.Disposed));
    }

    [Fact]
    public async Task CancellationTokenStopsAStream()
    {
        await using var connection = server.Open();
        await using var command = new NpgsqlCommand("STREAM", connection);
        using var cts = new CancellationTokenSource();
        await using var reader = await command.ExecuteReaderAsync(cts.Token);
        Assert.True(await reader.ReadAsync(cts.Token));
        cts.CancelAfter(100);
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (await reader.ReadAsync(cts.Token))
            {
            }
        });
        Assert.Equal("57014", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public void ErrorsCarryPositionDetailAndHint()
    {
        using var connection = server.Open("Include Error Detail=true");
        using var command = new NpgsqlCommand("SELECT * FROM missing", connection);
        var error = Assert.Throws<PostgresException>(() => command.ExecuteNonQuery());
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("relation \"missing\" does not exist", error.MessageText);
        Assert.Equal(15, error.Position);
        Assert.Equal("no table, view or source has this name", error.Detail);
        Assert.Equal("SHOW TABLES lists them", error.Hint);
        Assert.Equal("ERROR", error.Severity);
        using var again = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, again.ExecuteScalar());
    }

    [Fact]
    public void AStreamThatFailsReportsItsErrorAfterItsRows()
    {
        using var connection = server.Open();
        using var command = new NpgsqlCommand("STREAM FAIL", connection);
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.True(reader.Read());
            var error = Assert.Throws<PostgresException>(() => reader.Read());
            Assert.Equal("22012", error.SqlState);
        }
        using var again = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, again.ExecuteScalar());
    }

    [Fact]
    public void ASubscriberCutOffGets53400()
    {
        // Npgsql treats class 53 as fatal for the connection; the server reports it and carries on.
        using var connection = server.Open();
        using var command = new NpgsqlCommand("STREAM CUT", connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        var error = Assert.Throws<PostgresException>(() => reader.Read());
        Assert.Equal("53400", error.SqlState);
        Assert.Contains("fell behind", error.MessageText);
        using var other = server.Open();
        using var again = new NpgsqlCommand("SELECT 1", other);
        Assert.Equal(1, again.ExecuteScalar());
    }

    [Fact]
    public void NoticesReachTheClient()
    {
        using var connection = server.Open();
        var notices = new List<PostgresNotice>();
        connection.Notice += (_, e) => notices.Add(e.Notice);
        using var command = new NpgsqlCommand("NOTICE", connection);
        command.ExecuteNonQuery();
        var notice = Assert.Single(notices);
        Assert.Equal("WARNING", notice.Severity);
        Assert.Equal("01000", notice.SqlState);
        Assert.Equal("state grows without bound", notice.MessageText);
        Assert.Equal("add a watermark", notice.Hint);
    }

    [Fact]
    public void TransactionsAreAccepted()
    {
        using var connection = server.Open("Application Name=transactions");
        using (var transaction = connection.BeginTransaction())
        {
            using var command = new NpgsqlCommand("SELECT 1", connection, transaction);
            Assert.Equal(1, command.ExecuteScalar());
            transaction.Commit();
        }
        var session = server.Sessions.Sessions.Single(s => s.Options.Parameters.GetValueOrDefault("application_name") == "transactions");
        Assert.StartsWith("BEGIN", session.Executed.First(e => e.StartsWith("BEGIN", StringComparison.Ordinal)));
        Assert.Equal("COMMIT", session.Executed.Last());
    }

    [Fact]
    public void BatchesRunEveryStatement()
    {
        using var connection = server.Open();
        using var batch = new NpgsqlBatch(connection) { BatchCommands = { new("SELECT 1"), new("GENERATE 2") } };
        using var reader = batch.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(1, reader.GetInt32(0));
        Assert.True(reader.NextResult());
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.False(reader.Read());
    }

    [Fact]
    public void SetReportsChangedParameters()
    {
        using var connection = server.Open();
        using var command = new NpgsqlCommand("SET TimeZone = 'Europe/Paris'", connection);
        command.ExecuteNonQuery();
        Assert.Equal("Europe/Paris", connection.Timezone);
    }

    [Fact]
    public void TheTypeTableCoversEveryDialectType()
    {
        // The fake answers Npgsql's type loading from PgTypes; every dialect type must be in it.
        foreach (var (_, type, _) in FakeSqlSession.TypedValues)
            Assert.NotEqual(0, PgTypes.Oid(type));
    }
}
