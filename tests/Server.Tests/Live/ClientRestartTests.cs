using StreamSql.Client;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>
/// A server restart under a .NET client. The view's changes kept for resuming subscribers are in the
/// checkpoint a clean stop writes, so the new server resumes after the client's last epoch; a server
/// that keeps no checkpoints cannot, and the client takes a fresh snapshot and delivers only the
/// difference. Either way what the client has applied equals the view exactly.
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

        public static async Task<Server> StartAsync(string dataDir, bool checkpoints)
        {
            var engine = new QueryEngine(new EngineOptions
            {
                Mode = EngineMode.Live,
                ConsoleOutput = TextWriter.Null,
                Durability = new DurabilityOptions
                {
                    DataDirectory = dataDir,
                    Fsync = FsyncPolicy.Never,
                    CheckpointInterval = checkpoints ? TimeSpan.FromSeconds(30) : TimeSpan.Zero,
                },
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
    public Task AfterARestartTheClientResumesAndEndsEqualToTheView() => RestartUnderAClientAsync(checkpoints: true, resnapshots: 0);

    [Fact]
    public Task AfterARestartWithoutTheKeptChangesTheClientResnapshotsAndEndsEqualToTheView() =>
        RestartUnderAClientAsync(checkpoints: false, resnapshots: 1);

    private async Task RestartUnderAClientAsync(bool checkpoints, int resnapshots)
    {
        var server = await Server.StartAsync(_dir, checkpoints);
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

        // The server stops (a clean stop checkpoints, when checkpoints are on); meanwhile nothing; it
        // comes back on the same data directory (new ports). Without a checkpoint the view's kept
        // changes are gone and new epochs are numbered far above the client's, which cannot resume.
        await server.DisposeAsync();
        server = await Server.StartAsync(_dir, checkpoints);
        proxy.Target = server.Host.HttpPort;
        proxy.CutAll();
        await server.RunAsync("INSERT INTO r VALUES ('a', 4), ('c', 5); DELETE FROM r WHERE k = 'b' AND v = 2; FLUSH;");

        var expected = new Dictionary<Row, int> { [new Row("a", 2)] = 1, [new Row("b", 1)] = 1, [new Row("c", 1)] = 1 };
        await ApplyUntil(() => state.Count == 3 && state.OrderBy(p => p.Key.K).SequenceEqual(expected.OrderBy(p => p.Key.K)));
        Assert.Equal(expected.OrderBy(p => p.Key.K), state.OrderBy(p => p.Key.K));
        Assert.Equal(resnapshots, client.Resnapshots);

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
