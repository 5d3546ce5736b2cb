using System.Buffers.Binary;
using System.Text;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Pg;

/// <summary>The simple and extended query protocols message by message, as the protocol documentation orders them.</summary>
public sealed class ExtendedProtocolTests(PgServerFixture server) : IClassFixture<PgServerFixture>
{
    private static string Codes(IEnumerable<(char Code, byte[] Body)> messages) => new(messages.Select(m => m.Code).ToArray());

    [Fact]
    public async Task SimpleQueryRunsEveryStatementInOrder()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("SELECT 1; GENERATE 2"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("TDCTDDCZ", Codes(messages));
        Assert.Equal("SELECT 1", Text(messages[2].Body));
        Assert.Equal(new string?[] {"1", "row 1"}, DataRow(messages[5].Body));
        Assert.Equal("SELECT 2", Text(messages[6].Body));
        Assert.Equal("I", Text(messages[7].Body));
    }

    [Fact]
    public async Task SimpleQueryStopsAtTheFirstError()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("SELECT 1; BOGUS; SELECT 1"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("TDCEZ", Codes(messages));
        var error = Fields(messages[3].Body);
        Assert.Equal("42601", error['C']);
        Assert.Equal("ERROR", error['S']);
        Assert.Equal("ERROR", error['V']);
        Assert.Equal("11", error['P']);
    }

    [Fact]
    public async Task EmptyQueriesAnswerEmptyQueryResponse()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query(""));
        Assert.Equal("IZ", Codes(await client.ReadUntilReadyAsync()));
        await client.SendAsync(Query(" ; -- nothing\n /* at all */ ;"));
        Assert.Equal("IZ", Codes(await client.ReadUntilReadyAsync()));
        await client.SendAsync(Parse("", ""), Bind("", "", []), Describe('P', ""), Execute(""), Sync());
        Assert.Equal("12nIZ", Codes(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task TextFormatOfEveryType()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("TYPES"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("TDDCZ", Codes(messages));
        Assert.Equal(
            new string?[] {"t", "-12", "123456", "9000000000", "1.5", "-2.25e-05", "12345.6789", "hé\tllo",
             "2024-01-02 03:04:05.678", "2024-01-02 03:04:05.678+00", "2024-01-02", "1 year 2 mons 3 days 04:00:05",
             "{\"a\": [1, 2]}", "{1,NULL,3}", "{\"x y\",\"NULL\",\"\"}"},
            DataRow(messages[1].Body));
        Assert.All(DataRow(messages[2].Body), Assert.Null);

        // RowDescription: name, table 0, attnum 0, type OID, size, modifier, format.
        var description = messages[0].Body;
        Assert.Equal(15, BinaryPrimitives.ReadInt16BigEndian(description));
        var oids = new List<int>();
        var at = 2;
        for (var i = 0; i < 15; i++)
        {
            at = Array.IndexOf(description, (byte)0, at) + 1 + 6;
            oids.Add(BinaryPrimitives.ReadInt32BigEndian(description.AsSpan(at)));
            if (i == 6)
                Assert.Equal(((12 << 16) | 4) + 4, BinaryPrimitives.ReadInt32BigEndian(description.AsSpan(at + 6)));
            at += 12;
        }
        Assert.Equal([16, 21, 23, 20, 700, 701, 1700, 25, 1114, 1184, 1082, 1186, 3802, 1007, 1009], oids);
    }

    [Fact]
    public async Task TimestamptzFollowsTheSessionTimeZone()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("SET TimeZone = 'America/New_York'"));
        var set = await client.ReadUntilReadyAsync();
        Assert.Equal("CSZ", Codes(set));
        Assert.Equal("TimeZone\0America/New_York\0", Encoding.UTF8.GetString(set[1].Body));
        await client.SendAsync(Query("TYPES"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("2024-01-01 22:04:05.678-05", DataRow(messages[1].Body)[9]);
    }

    [Fact]
    public async Task PortalsSuspendAtTheRowLimitAndResume()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("gen", "GENERATE 5"), Bind("p", "gen", []), Describe('P', "p"),
            Execute("p", 2), Execute("p", 2), Execute("p", 2), Execute("p", 2), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("12TDDsDDsDCCZ", Codes(messages));
        Assert.Equal(new string?[] {"4", "row 4"}, DataRow(messages[9].Body));
        Assert.Equal("SELECT 1", Text(messages[10].Body));
        Assert.Equal("SELECT 0", Text(messages[11].Body));
    }

    [Fact]
    public async Task DescribeStatementSendsParameterAndRowDescriptions()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("echo", "SELECT $1, $2", 23, 0), Describe('S', "echo"), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("1tTZ", Codes(messages));
        var parameters = messages[1].Body;
        Assert.Equal(2, BinaryPrimitives.ReadInt16BigEndian(parameters));
        Assert.Equal(23, BinaryPrimitives.ReadInt32BigEndian(parameters.AsSpan(2)));
        Assert.Equal(25, BinaryPrimitives.ReadInt32BigEndian(parameters.AsSpan(6)));

        await client.SendAsync(Parse("cmd", "BEGIN"), Describe('S', "cmd"), Sync());
        Assert.Equal("1tnZ", Codes(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task TextParametersAreParsedByType()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "SELECT $1, $2, $3, $4", 23, 1114, 3802, 1007),
            Bind("", "", ["42", "2024-05-06 07:08:09.5", "{\"b\":1,\"a\":2}", "{1,2,NULL}"]),
            Execute(""), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("12DCZ", Codes(messages));
        Assert.Equal(new string?[] {"42", "2024-05-06 07:08:09.5", "{\"a\": 2, \"b\": 1}", "{1,2,NULL}"}, DataRow(messages[2].Body));
    }

    [Fact]
    public async Task BinaryResultsWhenAsked()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "SELECT 1"), Bind("", "", [], resultFormat: 1), Execute(""), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("12DCZ", Codes(messages));
        Assert.Equal([0, 1, 0, 0, 0, 4, 0, 0, 0, 1], messages[2].Body);
    }

    [Fact]
    public async Task AfterAnErrorMessagesAreSkippedUntilSync()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "BOGUS"), Bind("", "", []), Execute(""), Sync(), Query("SELECT 1"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("EZ", Codes(messages));
        Assert.Equal("42601", Fields(messages[0].Body)['C']);
        Assert.Equal("TDCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    [Theory]
    [InlineData("missing-statement", "26000")]
    [InlineData("missing-portal", "34000")]
    [InlineData("duplicate-statement", "42P05")]
    [InlineData("wrong-parameter-count", "08P01")]
    [InlineData("bad-text-parameter", "22P02")]
    [InlineData("bad-binary-parameter", "22P03")]
    [InlineData("unsupported-parameter-type", "0A000")]
    [InlineData("bad-format-code", "08P01")]
    [InlineData("function-call", "0A000")]
    public async Task ExtendedProtocolErrors(string scenario, string sqlState)
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        byte[][] messages = scenario switch
        {
            "missing-statement" => [Bind("", "nope", []), Sync()],
            "missing-portal" => [Execute("nope"), Sync()],
            "duplicate-statement" => [Parse("s", "SELECT 1"), Parse("s", "SELECT 1"), Sync()],
            "wrong-parameter-count" => [Parse("", "SELECT $1, $2"), Bind("", "", ["1"]), Sync()],
            "bad-text-parameter" => [Parse("", "SELECT $1", 23), Bind("", "", ["abc"]), Sync()],
            "bad-binary-parameter" => [Parse("", "SELECT $1", 23),
                Message('B', CString(""), CString(""), Int16(1), Int16(1), Int16(1), Int32(2), [0, 1], Int16(0)), Sync()],
            "unsupported-parameter-type" => [Parse("", "SELECT $1", 2950), Sync()],
            "bad-format-code" => [Parse("", "SELECT 1"), Message('B', CString(""), CString(""), Int16(0), Int16(0), Int16(1), Int16(7)), Sync()],
            "function-call" => [Message('F', Int32(1234), Int16(0), Int16(0), Int16(0))],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        await client.SendAsync(messages);
        var replies = await client.ReadUntilReadyAsync();
        var error = replies.Single(m => m.Code == 'E');
        Assert.Equal(sqlState, Fields(error.Body)['C']);
        Assert.Equal('I', (char)replies[^1].Body[0]);
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task BadBinaryParameterNamesTheParameter()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "SELECT $1, $2", 23, 23),
            Message('B', CString(""), CString(""), Int16(1), Int16(1), Int16(2), Int32(4), [0, 0, 0, 1], Int32(3), [0, 0, 1], Int16(0)), Sync());
        var replies = await client.ReadUntilReadyAsync();
        Assert.Equal("incorrect binary data format in bind parameter 2", Fields(replies[1].Body)['M']);
    }

    [Fact]
    public async Task TransactionStatusFollowsBeginErrorsAndRollback()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("BEGIN"));
        Assert.Equal('T', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
        await client.SendAsync(Query("BOGUS"));
        Assert.Equal('E', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
        await client.SendAsync(Query("ROLLBACK"));
        Assert.Equal('I', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
        await client.SendAsync(Parse("", "BEGIN"), Bind("", "", []), Execute(""), Sync());
        Assert.Equal('T', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
        await client.SendAsync(Query("COMMIT"));
        Assert.Equal('I', (char)(await client.ReadUntilReadyAsync())[^1].Body[0]);
    }

    [Fact]
    public async Task CloseAnswersCloseCompleteAndForgets()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("s", "SELECT 1"), Bind("p", "s", []), Close('P', "p"), Close('S', "s"), Close('S', "never-existed"), Execute("p"), Sync());
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("12333EZ", Codes(messages));
        Assert.Equal("34000", Fields(messages[5].Body)['C']);
        await client.SendAsync(Bind("", "s", []), Sync());
        Assert.Equal("26000", Fields((await client.ReadUntilReadyAsync())[0].Body)['C']);
    }

    [Fact]
    public async Task FlushSendsPendingRepliesWithoutSync()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "SELECT 1"), Flush());
        Assert.Equal('1', (await client.ReadAsync()).Code);
        await client.SendAsync(Sync());
        Assert.Equal("Z", Codes(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task CopyOutSendsEscapedTextRows()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("COPY SMALL"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("HdddcCZ", Codes(messages));
        Assert.Equal([0, 0, 2, 0, 0, 0, 0], messages[0].Body);
        Assert.Equal("1\tplain\n", Encoding.UTF8.GetString(messages[1].Body));
        Assert.Equal("2\t\\N\n", Encoding.UTF8.GetString(messages[2].Body));
        Assert.Equal("3\ttab\\there\\nnew\\\\line\n", Encoding.UTF8.GetString(messages[3].Body));
        Assert.Equal("COPY 3", Text(messages[5].Body));
    }

    [Fact]
    public async Task CancelRequestStopsAStreamingCopyOnAnotherConnection()
    {
        var (client, processId, secret) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("COPY STREAM"));
        Assert.Equal('H', (await client.ReadAsync()).Code);
        Assert.Equal("0\t1\t0\n", Encoding.UTF8.GetString((await client.ReadAsync()).Body));
        Assert.Equal('d', (await client.ReadAsync()).Code);

        // A wrong secret is ignored.
        await using (var wrong = await ConnectAsync(server.Port))
        {
            await wrong.SendAsync([.. Int32(16), .. Int32(80877102), .. Int32(processId), .. Int32(secret + 1)]);
            Assert.True(await wrong.IsClosedAsync());
        }
        Assert.Equal('d', (await client.ReadAsync()).Code);

        await using (var cancel = await ConnectAsync(server.Port))
        {
            await cancel.SendAsync([.. Int32(16), .. Int32(80877102), .. Int32(processId), .. Int32(secret)]);
            Assert.True(await cancel.IsClosedAsync());
        }
        (char Code, byte[] Body) message;
        do
            message = await client.ReadAsync();
        while (message.Code == 'd');
        Assert.Equal('E', message.Code);
        Assert.Equal("57014", Fields(message.Body)['C']);
        Assert.Equal("canceling statement due to user request", Fields(message.Body)['M']);
        Assert.Equal("Z", Codes(await client.ReadUntilReadyAsync()));
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    [Fact]
    public async Task NoticesPrecedeTheCommandTag()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("NOTICE"));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal("NCZ", Codes(messages));
        var notice = Fields(messages[0].Body);
        Assert.Equal("WARNING", notice['S']);
        Assert.Equal("add a watermark", notice['H']);
        Assert.Equal("CREATE MATERIALIZED VIEW", Text(messages[1].Body));
    }

    [Fact]
    public async Task TerminateClosesTheConnectionAndTheSession()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("SELECT 1"), Terminate());
        var last = new List<(char, byte[])>();
        Assert.True(await client.IsClosedAsync(last));
        Assert.Equal("TDCZ", Codes(last));
    }

    [Theory]
    [InlineData("STREAM RUNTIME", "22003", "integer out of range", "TDE")]
    [InlineData("STREAM BUG", "XX000", "internal error: operator state corrupted", "TDE")]
    [InlineData("WRONG TYPE", "XX000", "internal error: a result value does not match its column type", "TE")]
    [InlineData("SESSION BUG", "XX000", "internal error: session failed", "E")]
    public async Task FailuresBelowTheProtocolEndTheStatementNotTheConnection(string sql, string sqlState, string message, string codes)
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query(sql));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal(codes + "Z", Codes(messages));
        var error = Fields(messages[^2].Body);
        Assert.Equal(sqlState, error['C']);
        Assert.Equal(message, error['M']);
        await client.SendAsync(Parse("", sql), Bind("", "", []), Execute(""), Sync());
        var extended = await client.ReadUntilReadyAsync();
        Assert.Equal(sqlState, Fields(extended.Single(m => m.Code == 'E').Body)['C']);
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    /// <summary>
    /// A cursor abandoned while its read-ahead Execute waits for a row that does not come (a quiet
    /// subscription): the Close that follows ends the Execute with PortalSuspended at once, the
    /// portal's reader is disposed, and the connection is free again.
    /// </summary>
    [Fact]
    public async Task ClosingAPortalWhoseExecuteWaitsForRowsEndsTheExecute()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "STREAM IDLE"), Bind("c1", "", []), Execute("c1", 1), Flush());
        Assert.Equal("12Ds", Codes([await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync()]));
        var session = server.Sessions.Sessions.Last(s => s.Executed.Contains("STREAM IDLE"));

        // The next row would take an hour; the client gives up on the cursor.
        await client.SendAsync(Execute("c1", 1), Flush());
        await Task.Delay(200);
        await client.SendAsync(Close('P', "c1"), Sync());
        Assert.Equal("s3Z", Codes(await client.ReadUntilReadyAsync()));
        lock (session.Readers)
            Assert.All(session.Readers, r => Assert.True(r.Disposed));
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", Codes(await client.ReadUntilReadyAsync()));
    }

    /// <summary>Only a Close of that portal ends the wait: a Sync sent behind the Execute waits its turn, as the protocol orders.</summary>
    [Fact]
    public async Task ASyncBehindAWaitingExecuteDoesNotEndIt()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Parse("", "STREAM"), Bind("c2", "", []), Execute("c2", 1), Flush());
        Assert.Equal("12Ds", Codes([await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync(), await client.ReadAsync()]));
        await client.SendAsync(Execute("c2", 2), Sync());
        // Both rows still come (one every 20 ms), then the suspension, then Sync's ReadyForQuery.
        Assert.Equal("DDsZ", Codes(await client.ReadUntilReadyAsync()));
    }
}
