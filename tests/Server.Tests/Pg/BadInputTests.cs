using System.Text;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Pg;

/// <summary>
/// Bad input never harms the server: the offending connection gets an ErrorResponse or is
/// closed, and another session works right after. The fixture uses a 1 MiB message limit and
/// 2 s startup and write timeouts.
/// </summary>
public sealed class BadInputTests(PgServerFixture server) : IClassFixture<PgServerFixture>
{
    private async Task AnotherSessionWorks()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    private async Task<(char Code, byte[] Body)> FatalThenClosed(PgWireClient client, string sqlState)
    {
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        var error = Assert.Single(messages, m => m.Code == 'E');
        var fields = Fields(error.Body);
        Assert.Equal("FATAL", fields['S']);
        Assert.Equal(sqlState, fields['C']);
        return error;
    }

    [Fact]
    public async Task SslRequestIsAnsweredNWithoutACertificate()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync([.. Int32(8), .. Int32(80877103)]);
        Assert.Equal((byte)'N', await client.ReadByteAsync());
        await client.SendAsync(Startup(("user", "tester")));
        Assert.Equal('R', (await client.ReadAsync()).Code);
    }

    [Fact]
    public async Task GssEncRequestIsAnsweredN()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync([.. Int32(8), .. Int32(80877104)]);
        Assert.Equal((byte)'N', await client.ReadByteAsync());
        await client.SendAsync(Startup(("user", "tester")));
        Assert.Equal('R', (await client.ReadAsync()).Code);
    }

    [Fact]
    public async Task NewerMinorVersionsAndProtocolOptionsAreNegotiated()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(StartupWithVersion((3 << 16) | 2, ("user", "tester"), ("_pq_.compression", "on")));
        var first = await client.ReadAsync();
        Assert.Equal('v', first.Code);
        Assert.Equal([.. Int32(0), .. Int32(1), .. CString("_pq_.compression")], first.Body);
        Assert.Equal('R', (await client.ReadAsync()).Code);
    }

    [Fact]
    public async Task StartupReportsTheParametersClientsNeed()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(Startup(("user", "tester"), ("application_name", "probe")));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal([0, 0, 0, 0], messages[0].Body);
        var parameters = messages.Where(m => m.Code == 'S').Select(m => Encoding.UTF8.GetString(m.Body).Split('\0')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("15.0", parameters["server_version"]);
        Assert.Equal("UTF8", parameters["server_encoding"]);
        Assert.Equal("UTF8", parameters["client_encoding"]);
        Assert.Equal("ISO, MDY", parameters["DateStyle"]);
        Assert.Equal("UTC", parameters["TimeZone"]);
        Assert.Equal("on", parameters["integer_datetimes"]);
        Assert.Equal("on", parameters["standard_conforming_strings"]);
        Assert.Equal("probe", parameters["application_name"]);
        Assert.Equal("tester", parameters["session_authorization"]);
        Assert.Equal("on", parameters["is_superuser"]);
        Assert.Equal(1, messages.Count(m => m.Code == 'K'));
        Assert.Equal("I", Encoding.ASCII.GetString(messages[^1].Body));
    }

    [Fact]
    public async Task UnsupportedProtocolVersionIsRefused()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(StartupWithVersion(2 << 16, ("user", "tester")));
        var error = await FatalThenClosed(client, "0A000");
        Assert.Equal("unsupported frontend protocol 2.0: server supports 3.0 to 3.0", Fields(error.Body)['M']);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task StartupWithoutUserIsRefused()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(Startup(("database", "db")));
        await FatalThenClosed(client, "28000");
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task SessionOpenErrorsAreFatal()
    {
        var factory = new FakeSqlSessionFactory { OpenError = new Engine.EngineError("3D000", "database \"nope\" does not exist") };
        await using var host = await StreamSql.Server.Hosting.ServerHost.StartAsync(new StreamSql.Server.Hosting.ServerOptions { PgPort = 0, HttpPort = 0 }, factory);
        await using var client = await ConnectAsync(host.PgPort);
        await client.SendAsync(Startup(("user", "tester"), ("database", "nope")));
        var error = await FatalThenClosed(client, "3D000");
        Assert.Equal("database \"nope\" does not exist", Fields(error.Body)['M']);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("\0\0\0\u0004")]
    [InlineData("\0\0\0\u0002\u0001\u0002")]
    public async Task GarbageBeforeStartupClosesTheConnection(string garbage)
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(Encoding.Latin1.GetBytes(garbage));
        var messages = new List<(char, byte[])>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Empty(messages);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task OversizedStartupPacketClosesTheConnection()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync([.. Int32(20_000), .. Int32(3 << 16)]);
        Assert.True(await client.IsClosedAsync());
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task MalformedStartupParametersCloseTheConnection()
    {
        await using var client = await ConnectAsync(server.Port);
        // "user" without its terminator or value.
        await client.SendAsync([.. Int32(12), .. Int32(3 << 16), .. "user"u8]);
        Assert.True(await client.IsClosedAsync());
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task TruncatedStartupThenCloseIsHarmless()
    {
        await using (var client = await ConnectAsync(server.Port))
            await client.SendAsync([.. Int32(40), .. Int32(3 << 16), .. "us"u8]);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task AClientThatNeverSpeaksIsClosedAfterTheStartupTimeout()
    {
        await using var client = await ConnectAsync(server.Port);
        var started = DateTime.UtcNow;
        Assert.True(await client.IsClosedAsync(timeoutMs: 15_000));
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(12));
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task AClientStuckInAuthenticationIsClosedAfterTheStartupTimeout()
    {
        await using var client = await ConnectAsync(server.Port);
        // Half a startup packet, then silence.
        await client.SendAsync([.. Int32(40), .. Int32(3 << 16)]);
        Assert.True(await client.IsClosedAsync(timeoutMs: 15_000));
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task UnknownMessageTypeIsFatal()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Message('y', [1, 2, 3]));
        var error = await FatalThenClosed(client, "08P01");
        Assert.Equal("invalid frontend message type 121", Fields(error.Body)['M']);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task GarbageAfterStartupIsFatal()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        // The type byte 0x01 is refused before its length (0x02676172, far over the limit) is looked at, as in PostgreSQL.
        await client.SendAsync(Encoding.ASCII.GetBytes("\u0001\u0002garbage garbage garbage"));
        var error = await FatalThenClosed(client, "08P01");
        Assert.Equal("invalid frontend message type 1", Fields(error.Body)['M']);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task APasswordMessageAfterStartupIsFatal()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Message('p', CString("secret")));
        var error = await FatalThenClosed(client, "08P01");
        Assert.Equal("invalid frontend message type 112", Fields(error.Body)['M']);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task OversizedMessageIsRefusedBeforeItsBodyArrives()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        // Only the header of a 2 MiB query: the limit is checked on the length alone.
        await client.SendAsync([(byte)'Q', .. Int32(2 * 1024 * 1024)]);
        var error = await FatalThenClosed(client, "54000");
        Assert.Equal("message of 2097148 bytes exceeds the limit of 1048576 bytes", Fields(error.Body)['M']);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task MessagesLargerThanTheTransportBufferAreAssembled()
    {
        // 4 MiB is beyond Kestrel's 1 MiB read buffer but within this host's 8 MiB limit.
        var options = new StreamSql.Server.Hosting.ServerOptions { PgPort = 0, HttpPort = 0, Pg = new StreamSql.Server.Pg.PgOptions { MaxMessageSize = 8 * 1024 * 1024 } };
        var sessions = new FakeSqlSessionFactory();
        await using var host = await StreamSql.Server.Hosting.ServerHost.StartAsync(options, sessions);
        var (client, _, _) = await StartAsync(host.PgPort);
        await using var _ = client;
        var sql = "GENERATE 2 " + new string(' ', 4 * 1024 * 1024);
        await client.SendAsync(Query(sql), Query("SELECT 1"));
        Assert.Equal("TDDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
        Assert.Equal("TDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
        var bind = Message('B', CString(""), CString("nope"), Int16(0), Int16(1), Int32(3 * 1024 * 1024), new byte[3 * 1024 * 1024], Int16(0));
        await client.SendAsync(bind, Sync());
        var replies = await client.ReadUntilReadyAsync();
        Assert.Equal("26000", Fields(replies[0].Body)['C']);
    }

    [Fact]
    public async Task ALargeMessageCutShortIsHarmless()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await client.SendAsync([(byte)'Q', .. Int32(900_000), .. new byte[300_000]]);
        await client.DisposeAsync();
        await AnotherSessionWorks();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task MessageLengthBelowFourClosesWithoutAReply(int length)
    {
        // PostgreSQL only logs "invalid message length": the stream is out of step, nothing is sent.
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync([(byte)'Q', .. Int32(length)]);
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Empty(messages);
        await AnotherSessionWorks();
    }

    /// <summary>
    /// A message whose body does not parse keeps the framing intact: as in PostgreSQL 15 (the
    /// messages and codes are its answers to the same bytes) it is an ERROR, not FATAL. After a
    /// simple query or a Sync ReadyForQuery follows at once; after an extended-protocol message
    /// the rest is skipped until Sync. Either way the connection goes on.
    /// </summary>
    [Theory]
    [InlineData("query-without-terminator", "08P01", "invalid string in message")]
    [InlineData("query-empty-body", "08P01", "invalid string in message")]
    [InlineData("query-trailing-bytes", "08P01", "invalid message format")]
    [InlineData("query-invalid-utf8", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff")]
    [InlineData("query-invalid-utf8-pair", "22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28")]
    [InlineData("query-utf8-cut-short", "22021", "invalid byte sequence for encoding \"UTF8\": 0xe2 0x82")]
    [InlineData("query-utf8-surrogate", "22021", "invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80")]
    [InlineData("sync-with-body", "08P01", "invalid message format")]
    [InlineData("parse-trailing-bytes", "08P01", "invalid message format")]
    [InlineData("parse-without-terminator", "08P01", "invalid string in message")]
    [InlineData("parse-claims-more-types", "08P01", "insufficient data left in message")]
    [InlineData("parse-negative-type-count", "08P01", "insufficient data left in message")]
    [InlineData("parse-invalid-utf8", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff")]
    [InlineData("bind-missing-unnamed-statement", "26000", "unnamed prepared statement does not exist")]
    [InlineData("bind-claims-more-values", "08P01", "insufficient data left in message")]
    [InlineData("bind-negative-value-length", "08P01", "insufficient data left in message")]
    [InlineData("bind-wrong-parameter-count", "08P01", "bind message supplies 1 parameters, but prepared statement \"\" requires 2")]
    [InlineData("bind-format-count-mismatch", "08P01", "bind message has 2 parameter formats but 1 parameters")]
    [InlineData("bind-trailing-bytes", "08P01", "invalid message format")]
    [InlineData("bind-invalid-utf8-value", "22021", "invalid byte sequence for encoding \"UTF8\": 0xff")]
    [InlineData("execute-too-short", "08P01", "insufficient data left in message")]
    [InlineData("execute-without-terminator", "08P01", "invalid string in message")]
    [InlineData("describe-empty", "08P01", "no data left in message")]
    [InlineData("describe-bad-target", "08P01", "invalid DESCRIBE message subtype 88")]
    [InlineData("close-bad-target", "08P01", "invalid CLOSE message subtype 88")]
    [InlineData("describe-missing-unnamed-statement", "26000", "unnamed prepared statement does not exist")]
    public async Task MalformedMessageBodiesAreErrorsAndTheConnectionGoesOn(string scenario, string sqlState, string text)
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        var twoParameters = Parse("", "SELECT $1, $2", 23, 23);
        var oneParameter = Parse("", "SELECT $1", 25);
        byte[][] messages = scenario switch
        {
            "query-without-terminator" => [Message('Q', "SELECT 1"u8.ToArray())],
            "query-empty-body" => [Message('Q')],
            "query-trailing-bytes" => [Message('Q', CString("SELECT 1"), "extra"u8.ToArray())],
            "query-invalid-utf8" => [Message('Q', [.. "SELECT '"u8, 0xFF, (byte)'\'', 0])],
            "query-invalid-utf8-pair" => [Message('Q', [0xC3, 0x28, 0])],
            "query-utf8-cut-short" => [Message('Q', [.. "SELECT 'ab"u8, 0xE2, 0x82, 0])],
            "query-utf8-surrogate" => [Message('Q', [.. "SELECT '"u8, 0xED, 0xA0, 0x80, (byte)'\'', 0])],
            "sync-with-body" => [Message('S', [1, 2])],
            "parse-trailing-bytes" => [Message('P', CString(""), CString("SELECT 1"), Int16(0), [9, 9]), Sync()],
            "parse-without-terminator" => [Message('P', CString(""), "SELECT 1"u8.ToArray()), Sync()],
            "parse-claims-more-types" => [Message('P', CString(""), CString("SELECT $1"), Int16(2), Int32(23)), Sync()],
            "parse-negative-type-count" => [Message('P', CString(""), CString("SELECT 1"), Int16(-1)), Sync()],
            "parse-invalid-utf8" => [Message('P', CString(""), [.. "SELECT '"u8, 0xFF, (byte)'\'', 0], Int16(0)), Sync()],
            "bind-missing-unnamed-statement" => [Message('B', CString(""), CString(""), Int16(0), Int16(3), Int32(1), [(byte)'1']), Sync()],
            "bind-claims-more-values" => [twoParameters, Message('B', CString(""), CString(""), Int16(0), Int16(2), Int32(1), [(byte)'1']), Sync()],
            "bind-negative-value-length" => [oneParameter, Message('B', CString(""), CString(""), Int16(0), Int16(1), Int32(-5), Int16(0)), Sync()],
            "bind-wrong-parameter-count" => [twoParameters, Message('B', CString(""), CString(""), Int16(0), Int16(1), Int32(1), [(byte)'1'], Int16(0)), Execute(""), Sync()],
            "bind-format-count-mismatch" => [twoParameters, Message('B', CString(""), CString(""), Int16(2), Int16(0), Int16(0), Int16(1), Int32(1), [(byte)'1'], Int16(0)), Sync()],
            "bind-trailing-bytes" => [oneParameter, Message('B', CString(""), CString(""), Int16(0), Int16(1), Int32(1), [(byte)'1'], Int16(0), [7, 7]), Sync()],
            "bind-invalid-utf8-value" => [oneParameter, Message('B', CString(""), CString(""), Int16(0), Int16(1), Int32(1), [0xFF], Int16(0)), Sync()],
            "execute-too-short" => [Message('E', CString(""), [0, 0]), Sync()],
            "execute-without-terminator" => [Message('E', "ab"u8.ToArray()), Sync()],
            "describe-empty" => [Message('D'), Sync()],
            "describe-bad-target" => [Message('D', [(byte)'X'], CString("")), Sync()],
            "close-bad-target" => [Message('C', [(byte)'X'], CString("")), Sync()],
            "describe-missing-unnamed-statement" => [Describe('S', ""), Sync()],
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        await client.SendAsync(messages);
        var replies = await client.ReadUntilReadyAsync();
        var error = Assert.Single(replies, m => m.Code == 'E');
        var fields = Fields(error.Body);
        Assert.Equal("ERROR", fields['S']);
        Assert.Equal(sqlState, fields['C']);
        Assert.Equal(text, fields['M']);
        // Nothing after the error but ReadyForQuery: the rest of the batch was skipped.
        Assert.Equal('Z', replies[^1].Code);
        Assert.Equal(replies.Count - 2, replies.FindIndex(m => m.Code == 'E'));

        await client.SendAsync(Query("SELECT 1"));
        Assert.Equal("TDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    [Fact]
    public async Task AMalformedFlushStartsTheSkipUntilSync()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        // As in PostgreSQL the error goes out at once, the query after it is skipped, and Sync ends the skip.
        await client.SendAsync(Message('H', [1]), Query("SELECT 1"));
        var error = await client.ReadAsync();
        Assert.Equal('E', error.Code);
        Assert.Equal("invalid message format", Fields(error.Body)['M']);
        await client.SendAsync(Sync(), Query("SELECT 1"));
        Assert.Equal("Z", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
        Assert.Equal("TDCZ", new string((await client.ReadUntilReadyAsync()).Select(m => m.Code).ToArray()));
    }

    [Fact]
    public async Task ATerminateWithABodyStillEndsTheConnection()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync(Message('X', [1, 2]), Query("SELECT 1"));
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Empty(messages);
    }

    [Theory]
    [InlineData(100, 6)]
    [InlineData(900_000, 300_000)]
    public async Task AMessageCutShortByHalfCloseEndsWithoutAReply(int declared, int sent)
    {
        // PostgreSQL logs "unexpected EOF within message" and closes; the client hears nothing.
        var (client, _, _) = await StartAsync(server.Port);
        await using var _ = client;
        await client.SendAsync([(byte)'Q', .. Int32(declared), .. new byte[sent]]);
        client.ShutdownSend();
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Empty(messages);
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task ConnectionClosedMidMessageIsHarmless()
    {
        var (client, _, _) = await StartAsync(server.Port);
        await client.SendAsync([(byte)'Q', .. Int32(100), .. "SELECT"u8]);
        await client.DisposeAsync();
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task AClientThatStopsReadingIsCutOffAndOthersCarryOn()
    {
        await using var stalled = await ConnectAsync(server.Port);
        await stalled.SendAsync(Startup(("user", "tester"), ("application_name", "stalled")));
        // Endless rows that the client never reads: the server's writes back up.
        await stalled.SendAsync(Query("GENERATE 1000000000"));
        var session = await WaitFor(() => server.Sessions.Sessions.SingleOrDefault(s => s.Options.Parameters.GetValueOrDefault("application_name") == "stalled"));
        await AnotherSessionWorks();
        var reader = await WaitFor(() => session.Readers.FirstOrDefault(), 5);
        Assert.NotNull(await WaitFor(() => reader.Disposed && session.Disposed ? reader : null, 30));
        await AnotherSessionWorks();
    }

    [Fact]
    public async Task AClientThatDisconnectsFromAQuietStreamEndsItsSession()
    {
        await using var client = await ConnectAsync(server.Port);
        await client.SendAsync(Startup(("user", "tester"), ("application_name", "quiet")));
        await client.ReadUntilReadyAsync();
        await client.SendAsync(Query("STREAM IDLE"));
        Assert.Equal('T', (await client.ReadAsync()).Code);
        Assert.Equal('D', (await client.ReadAsync()).Code);
        var session = await WaitFor(() => server.Sessions.Sessions.SingleOrDefault(s => s.Options.Parameters.GetValueOrDefault("application_name") == "quiet"));
        await client.DisposeAsync();
        // No row will ever be written, so only the transport noticing the close can end it.
        Assert.NotNull(await WaitFor(() => session.Disposed && session.Readers.All(r => r.Disposed) ? session : null, 10));
    }

    private static async Task<T> WaitFor<T>(Func<T?> probe, int seconds = 10) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (probe() is { } value)
                return value;
            if (DateTime.UtcNow > until)
                throw new TimeoutException("condition not met in time");
            await Task.Delay(50);
        }
    }
}
