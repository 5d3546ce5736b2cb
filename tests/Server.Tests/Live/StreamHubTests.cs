using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

public sealed class StreamHubTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static async Task<HubFrame> NextAsync(IAsyncEnumerator<HubFrame> frames)
    {
        var move = frames.MoveNextAsync().AsTask();
        Assert.True(await move.WaitAsync(Wait), "the stream ended");
        return frames.Current;
    }

    [Fact]
    public async Task SnapshotComesFirstThenOneFramePerEpoch()
    {
        await server.RunAsync("""
            CREATE TABLE hub_t (k TEXT, v INT);
            CREATE MATERIALIZED VIEW hub_m AS SELECT k, sum(v) AS total FROM hub_t GROUP BY k;
            INSERT INTO hub_t VALUES ('a', 1), ('b', 5);
            FLUSH;
            """);
        await using var connection = await server.ConnectAsync();
        using var cancel = new CancellationTokenSource();
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "hub_m", null, cancel.Token).GetAsyncEnumerator();

        var first = await NextAsync(frames);
        Assert.Equal(["k", "total"], first.Columns!);
        Assert.False(first.Progress);
        Assert.Equal(["+1 \"a\",1", "+1 \"b\",5"], first.Changes.Select(c => c.Text).Order(StringComparer.Ordinal));

        await server.RunAsync("INSERT INTO hub_t VALUES ('a', 2); FLUSH;");
        var second = await NextAsync(frames);
        Assert.Null(second.Columns);
        Assert.True(second.Epoch > first.Epoch);
        Assert.Equal(["+1 \"a\",3", "-1 \"a\",1"], second.Changes.Select(c => c.Text).Order(StringComparer.Ordinal));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task ValuesHaveTheJsonTypesOfTheirSqlTypes()
    {
        await server.RunAsync("""
            CREATE TABLE hub_types (i BIGINT, f DOUBLE PRECISION, n NUMERIC, b BOOLEAN, t TEXT, ts TIMESTAMP, tz TIMESTAMPTZ, d DATE, a INT[]);
            CREATE MATERIALIZED VIEW hub_types_m AS SELECT * FROM hub_types;
            INSERT INTO hub_types VALUES (7, 1.5, 2.25, true, 'x', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05+00', '2024-01-02', ARRAY[1, 2]);
            FLUSH;
            """);
        await using var connection = await server.ConnectAsync();
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "hub_types_m", new SubscribeOptions { Snapshot = true }).GetAsyncEnumerator();
        var first = await NextAsync(frames);
        var row = Assert.Single(first.Changes).Row;
        Assert.Equal("7,1.5,2.25,true,\"x\",\"2024-01-02T03:04:05.5\",\"2024-01-02T03:04:05Z\",\"2024-01-02\",[1,2]",
            string.Join(",", row.Select(v => v.GetRawText())));
    }

    [Fact]
    public async Task SubscribingToAQueryStreamsItsResult()
    {
        await server.RunAsync("CREATE TABLE hub_q (x INT); INSERT INTO hub_q VALUES (1), (2), (3); FLUSH;");
        await using var connection = await server.ConnectAsync();
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "SELECT x * 10 AS y FROM hub_q WHERE x > 1", null).GetAsyncEnumerator();
        var first = await NextAsync(frames);
        Assert.Equal(["y"], first.Columns!);
        Assert.Equal(["+1 20", "+1 30"], first.Changes.Select(c => c.Text).Order(StringComparer.Ordinal));
        await server.RunAsync("INSERT INTO hub_q VALUES (4); FLUSH;");
        Assert.Equal(["+1 40"], (await NextAsync(frames)).Changes.Select(c => c.Text));
    }

    [Fact]
    public async Task ResumingWithSinceReplaysExactlyTheMissedEpochs()
    {
        await server.RunAsync("""
            CREATE TABLE hub_r (x INT);
            CREATE MATERIALIZED VIEW hub_rm AS SELECT x FROM hub_r;
            INSERT INTO hub_r VALUES (1); FLUSH;
            """);
        long seen;
        await using (var connection = await server.ConnectAsync())
        {
            await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "hub_rm", null).GetAsyncEnumerator();
            var first = await NextAsync(frames);
            Assert.Equal(["+1 1"], first.Changes.Select(c => c.Text));
            await server.RunAsync("INSERT INTO hub_r VALUES (2); FLUSH;");
            var second = await NextAsync(frames);
            Assert.Equal(["+1 2"], second.Changes.Select(c => c.Text));
            seen = second.Epoch;
        }

        // Disconnected: these epochs happen while nobody listens.
        await server.RunAsync("INSERT INTO hub_r VALUES (3); FLUSH;");
        await server.RunAsync("INSERT INTO hub_r VALUES (4); FLUSH;");

        await using var again = await server.ConnectAsync();
        await using var resumed = again.StreamAsync<HubFrame>("Subscribe", "hub_rm", new SubscribeOptions { Since = seen }).GetAsyncEnumerator();
        var r1 = await NextAsync(resumed);
        Assert.Equal(["x"], r1.Columns!);
        Assert.Equal(["+1 3"], r1.Changes.Select(c => c.Text));
        var r2 = await NextAsync(resumed);
        Assert.Equal(["+1 4"], r2.Changes.Select(c => c.Text));
        Assert.True(r1.Epoch > seen && r2.Epoch > r1.Epoch);
        await server.RunAsync("INSERT INTO hub_r VALUES (5); FLUSH;");
        Assert.Equal(["+1 5"], (await NextAsync(resumed)).Changes.Select(c => c.Text));
    }

    [Fact]
    public async Task ResumingBeforeWhatIsRetainedIsAClearError()
    {
        await server.RunAsync("CREATE TABLE hub_old (x INT); CREATE MATERIALIZED VIEW hub_oldm AS SELECT x FROM hub_old; FLUSH;");
        await using var connection = await server.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<HubFrame>("Subscribe", "hub_oldm", new SubscribeOptions { Since = 0 }))
            {
            }
        });
        Assert.Contains("ERROR 55000: cannot resume after epoch 0: it is no longer retained", error.Message);
    }

    [Fact]
    public async Task AnUnknownViewIsAClearError()
    {
        await using var connection = await server.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<HubFrame>("Subscribe", "no_such_view", null))
            {
            }
        });
        Assert.Contains("ERROR 42P01", error.Message);
        Assert.Contains("no_such_view", error.Message);
    }

    [Fact]
    public async Task TextThatIsNeitherAViewNorAQueryIsRefused()
    {
        await using var connection = await server.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<HubFrame>("Subscribe", "hub_m; DROP TABLE hub_t", null))
            {
            }
        });
        Assert.Contains("ERROR 42601: 'hub_m; DROP TABLE hub_t' is neither a view name nor a SELECT", error.Message);
    }

    [Fact]
    public async Task ProgressFramesComeOnlyWhenAsked()
    {
        await server.RunAsync("CREATE TABLE hub_p (x INT); CREATE MATERIALIZED VIEW hub_pm AS SELECT x FROM hub_p; FLUSH;");
        await using var connection = await server.ConnectAsync();
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "hub_pm", new SubscribeOptions { Progress = true }).GetAsyncEnumerator();
        var first = await NextAsync(frames);
        var heartbeat = await NextAsync(frames);
        Assert.True(heartbeat.Progress);
        Assert.Empty(heartbeat.Changes);
        Assert.True(heartbeat.Epoch > first.Epoch);
    }

    [Fact]
    public async Task MessagePackClientsGetTheSameFrames()
    {
        await server.RunAsync("""
            CREATE TABLE hub_mp (k TEXT, v BIGINT);
            CREATE MATERIALIZED VIEW hub_mpm AS SELECT k, v FROM hub_mp;
            INSERT INTO hub_mp VALUES ('z', 9); FLUSH;
            """);
        await using var connection = await server.ConnectAsync(b => b.AddMessagePackProtocol());
        await using var frames = connection.StreamAsync<ResultFrame>("Subscribe", "hub_mpm", null).GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        var first = frames.Current;
        Assert.Equal(["k", "v"], first.Columns!);
        var change = Assert.Single(first.Changes);
        Assert.Equal(1, change.Diff);
        Assert.Equal("z", change.Row[0]);
        Assert.Equal(9L, Convert.ToInt64(change.Row[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AThousandClientsOnOneViewAllGetEveryEpoch()
    {
        await server.RunAsync("CREATE TABLE hub_many (x INT); CREATE MATERIALIZED VIEW hub_manym AS SELECT x FROM hub_many; FLUSH;");
        var connections = new List<HubConnection>();
        var streams = new List<IAsyncEnumerator<HubFrame>>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => server.ConnectAsync()));
                connections.AddRange(opened);
            }

            foreach (var c in connections)
                streams.Add(c.StreamAsync<HubFrame>("Subscribe", "hub_manym", null).GetAsyncEnumerator());
            var firsts = await Task.WhenAll(streams.Select(NextAsync));
            Assert.All(firsts, f => Assert.Equal(["x"], f.Columns!));

            await server.RunAsync("INSERT INTO hub_many VALUES (42); FLUSH;");
            var seconds = await Task.WhenAll(streams.Select(NextAsync));
            Assert.All(seconds, f => Assert.Equal(["+1 42"], f.Changes.Select(c => c.Text)));
            Assert.Single(seconds.Select(f => f.Epoch).Distinct());
            var feed = Assert.Single(server.Host.Services.GetService<LiveFeeds>()!.Open, f => f.Key == "hub_manym");
            Assert.Equal(1000, feed.SubscriberCount);
        }
        finally
        {
            foreach (var s in streams)
                await s.DisposeAsync();
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
