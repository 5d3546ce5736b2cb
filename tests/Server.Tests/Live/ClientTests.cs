using Npgsql;
using StreamSql.Client;

namespace StreamSql.Server.Tests.Live;

public sealed class ClientTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    public sealed record Total(string K, long Total0, DateTime LastSeen)
    {
        public string? Note { get; init; }
    }

    public sealed record Reading(string Sensor, double Value);

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<T> e)
    {
        Assert.True(await e.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)), "the subscription ended");
        return e.Current;
    }

    [Fact]
    public async Task TypedRowsSnapshotThenChanges()
    {
        await server.RunAsync("""
            CREATE TABLE cl_r (sensor TEXT, value DOUBLE PRECISION);
            CREATE MATERIALIZED VIEW cl_rm AS SELECT sensor, value FROM cl_r;
            INSERT INTO cl_r VALUES ('s1', 1.5); FLUSH;
            """);
        await using var client = new StreamSqlClient(server.BaseUri);
        using var cancel = new CancellationTokenSource();
        await using var changes = client.SubscribeAsync<Reading>("cl_rm", cancellationToken: cancel.Token).GetAsyncEnumerator();
        var first = await NextAsync(changes);
        Assert.Equal(new Change<Reading>(first.Epoch, 1, new Reading("s1", 1.5)), first);
        await server.RunAsync("DELETE FROM cl_r WHERE sensor = 's1'; FLUSH;");
        var second = await NextAsync(changes);
        Assert.Equal(-1, second.Diff);
        Assert.Equal(new Reading("s1", 1.5), second.Row);
        Assert.True(second.Epoch > first.Epoch);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task ColumnsMapToPropertiesIgnoringCaseAndUnderscores()
    {
        var mapper = new RowMapper<Total>(["k", "total_0", "last_seen", "note"]);
        var row = System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement[]>("""["a", 7, "2024-01-02T03:04:05", "n"]""")!;
        Assert.Equal(new Total("a", 7, new DateTime(2024, 1, 2, 3, 4, 5)) { Note = "n" }, mapper.Map(row));
    }

    [Fact]
    public async Task AMissingColumnIsNamedInTheError()
    {
        var error = Assert.Throws<ArgumentException>(() => new RowMapper<Reading>(["sensor", "v"]));
        Assert.Equal("Reading: constructor parameter 'Value' has no column; the columns are sensor, v", error.Message);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task AServerErrorSurfacesWithItsSqlState()
    {
        await using var client = new StreamSqlClient(server.BaseUri);
        var error = await Assert.ThrowsAsync<StreamSqlException>(async () =>
        {
            await foreach (var _ in client.SubscribeAsync<Reading>("cl_missing"))
            {
            }
        });
        Assert.Equal("42P01", error.SqlState);
        Assert.StartsWith("ERROR 42P01: ", error.Message);
    }

    [Fact]
    public async Task ALostConnectionIsResumedWithoutGapsOrDuplicates()
    {
        await server.RunAsync("""
            CREATE TABLE cl_x (n INT);
            CREATE MATERIALIZED VIEW cl_xm AS SELECT n FROM cl_x;
            INSERT INTO cl_x VALUES (1); FLUSH;
            """);
        await using var proxy = new TcpProxy(server.Host.HttpPort);
        await using var client = new StreamSqlClient(new Uri($"http://127.0.0.1:{proxy.Port}/"),
            new StreamSqlClientOptions { ReconnectDelays = [TimeSpan.FromMilliseconds(300)] });
        using var cancel = new CancellationTokenSource();
        await using var changes = client.SubscribeAsync<int>("SELECT n FROM cl_xm", cancellationToken: cancel.Token).GetAsyncEnumerator();
        var seen = new List<int> { (await NextAsync(changes)).Row };

        proxy.CutAll();
        // Written while the client is away: it must get these once, after it reconnects.
        await server.RunAsync("INSERT INTO cl_x VALUES (2); FLUSH;");
        await server.RunAsync("INSERT INTO cl_x VALUES (3); FLUSH;");
        seen.Add((await NextAsync(changes)).Row);
        seen.Add((await NextAsync(changes)).Row);
        await server.RunAsync("INSERT INTO cl_x VALUES (4); FLUSH;");
        seen.Add((await NextAsync(changes)).Row);

        Assert.Equal([1, 2, 3, 4], seen);
        Assert.True(client.Reconnects >= 1);
        Assert.True(proxy.Accepted >= 2);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task SubscribeOverNpgsqlReadsChangesAsTheyArrive()
    {
        await server.RunAsync("""
            CREATE TABLE cl_pg (sensor TEXT, value DOUBLE PRECISION);
            CREATE MATERIALIZED VIEW cl_pgm AS SELECT sensor, value FROM cl_pg;
            INSERT INTO cl_pg VALUES ('a', 2); FLUSH;
            """);
        var cs = $"Host=127.0.0.1;Port={server.Host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading";
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        using var cancel = new CancellationTokenSource();
        await using var changes = connection.SubscribeAsync<Reading>("cl_pgm", cancellationToken: cancel.Token).GetAsyncEnumerator();
        var first = await NextAsync(changes);
        Assert.Equal((1, new Reading("a", 2)), (first.Diff, first.Row));
        await server.RunAsync("INSERT INTO cl_pg VALUES ('b', 3); FLUSH;");
        var second = await NextAsync(changes);
        Assert.Equal((1, new Reading("b", 3)), (second.Diff, second.Row));
        Assert.True(second.Epoch > first.Epoch);
        await cancel.CancelAsync();
    }

    [Fact]
    public void TheNpgsqlStatementWrapsQueriesAndCarriesSince()
    {
        Assert.Equal("SUBSCRIBE v WITH (SNAPSHOT = true)", NpgsqlSubscribe.Statement("v"));
        Assert.Equal("SUBSCRIBE (SELECT 1) WITH (SNAPSHOT = false, SINCE = 9)",
            NpgsqlSubscribe.Statement("SELECT 1;", new ClientSubscribeOptions { Snapshot = false, Since = 9 }));
    }
}
