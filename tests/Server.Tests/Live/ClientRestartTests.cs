using StreamSql.Client;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>
/// A server restart under a .NET client: the new server cannot resume after the client's last
/// epoch, so the client takes a fresh snapshot and delivers only the difference, and what the
/// client has applied equals the view exactly.
/// </summary>
public sealed class ClientRestartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamsql-restart-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Server : IAsyncDisposable
    {
        public QueryEngine Engine { get; private init; } = null!;

        public ServerHost Host { get; private init; } = null!;

        public static async Task<Server> StartAsync(string dataDir)
        {
            var engine = new QueryEngine(new EngineOptions
            {
                Mode = EngineMode.Live,
                ConsoleOutput = TextWriter.Null,
                Durability = new DurabilityOptions { DataDirectory = dataDir, Fsync = FsyncPolicy.Never },
            });
            engine.Recover();
            engine.Start();
            var host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, engine,
                b => LiveEndpoints.Configure(b, engine), LiveEndpoints.Map);
            return new Server { Engine = engine, Host = host };
        }

        public async Task RunAsync(string sql)
        {
            await using var session = Engine.OpenSession();
            var all = await session.ExecuteAllAsync(sql, CancellationToken.None);
            var failed = all.FirstOrDefault(r => r.Result.Error is not null);
            Assert.True(failed.Result is null, failed.Result?.Error?.Message);
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Engine.DisposeAsync();
        }
    }

    public sealed record Row(string K, long N);

    [Fact]
    public async Task AfterARestartTheClientResnapshotsAndEndsEqualToTheView()
    {
        var server = await Server.StartAsync(_dir);
        await server.RunAsync("""
            CREATE TABLE r (k TEXT, v INT);
            CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n FROM r GROUP BY k;
            INSERT INTO r VALUES ('a', 1), ('b', 2), ('b', 3); FLUSH;
            """);
        await using var proxy = new TcpProxy(server.Host.HttpPort);
        await using var client = new StreamSqlClient(new Uri($"http://127.0.0.1:{proxy.Port}/"),
            new StreamSqlClientOptions { ReconnectDelays = [TimeSpan.FromMilliseconds(200)] });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var state = new Dictionary<Row, int>();
        var changes = client.SubscribeAsync<Row>("per_k", cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        async Task ApplyUntil(Func<bool> done)
        {
            while (!done())
            {
                Assert.True(await changes.MoveNextAsync(), "the subscription ended");
                var c = changes.Current;
                state[c.Row] = state.GetValueOrDefault(c.Row) + c.Diff;
                if (state[c.Row] == 0)
                    state.Remove(c.Row);
            }
        }

        await ApplyUntil(() => state.Count == 2 && state.ContainsKey(new Row("b", 2)));

        // The server stops; meanwhile nothing; it comes back on the same data directory (new ports),
        // where the feed's epochs start again, so the client's epoch cannot be resumed.
        await server.DisposeAsync();
        server = await Server.StartAsync(_dir);
        proxy.Target = server.Host.HttpPort;
        proxy.CutAll();
        await server.RunAsync("INSERT INTO r VALUES ('a', 4), ('c', 5); DELETE FROM r WHERE k = 'b' AND v = 2; FLUSH;");

        var expected = new Dictionary<Row, int> { [new Row("a", 2)] = 1, [new Row("b", 1)] = 1, [new Row("c", 1)] = 1 };
        await ApplyUntil(() => state.Count == 3 && state.OrderBy(p => p.Key.K).SequenceEqual(expected.OrderBy(p => p.Key.K)));
        Assert.Equal(expected.OrderBy(p => p.Key.K), state.OrderBy(p => p.Key.K));
        Assert.Equal(1, client.Resnapshots);

        // And it goes on from the new server's epochs.
        await server.RunAsync("INSERT INTO r VALUES ('c', 6); FLUSH;");
        await ApplyUntil(() => state.ContainsKey(new Row("c", 2)) && !state.ContainsKey(new Row("c", 1)));
        Assert.Equal(3, state.Count);
        await cancel.CancelAsync();
        try
        {
            await changes.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
        }

        await server.DisposeAsync();
    }
}
