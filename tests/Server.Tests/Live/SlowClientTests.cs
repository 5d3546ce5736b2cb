using Microsoft.AspNetCore.SignalR.Client;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>A host whose subscribers may have only 3 changed rows unread.</summary>
public sealed class SmallBufferServerFixture : LiveServerFixture
{
    protected override LiveOptions LiveOptions => new() { ClientBufferRows = 3 };
}

public sealed class SlowClientTests(SmallBufferServerFixture server) : IClassFixture<SmallBufferServerFixture>
{
    [Fact]
    public async Task ASlowSubscriberIsCutOffWhileAFastOneGetsEveryEpoch()
    {
        await server.RunAsync("CREATE TABLE slow_t (x INT); CREATE MATERIALIZED VIEW slow_m AS SELECT x FROM slow_t; FLUSH;");
        var feeds = (LiveFeeds)server.Host.Services.GetService(typeof(LiveFeeds))!;

        // The slow one joins the same feed and never reads.
        var (feed, slow) = await feeds.SubscribeAsync("slow_m", new SubscribeOptions(), "streamsql", CancellationToken.None);

        await using var connection = await server.ConnectAsync();
        var fast = new List<HubFrame>();
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "slow_m", null).GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        for (var i = 1; i <= 8; i++)
        {
            await server.RunAsync($"INSERT INTO slow_t VALUES ({i}); FLUSH;");
            Assert.True(await frames.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
            fast.Add(frames.Current);
        }

        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"+1 {i}"), fast.Select(f => Assert.Single(f.Changes).Text));

        // The slow one keeps what was queued: its first frame, then epochs 2 and 3 merged into epoch 1's
        // frame as it fell behind; the fourth row was one too many, and it learns why it was cut.
        var queued = new List<ResultFrame>();
        var error = await Assert.ThrowsAsync<LiveException>(async () =>
        {
            await foreach (var frame in slow.ReadAllAsync())
                queued.Add(frame);
        });
        Assert.Equal(2, queued.Count);
        Assert.Equal(3, queued[1].Changes.Count);
        Assert.Equal(2, slow.Coalesced);
        Assert.True(queued[1].Epoch > queued[0].Epoch);
        Assert.Equal("53400", error.SqlState);
        Assert.StartsWith("subscriber fell behind: more than 3 changed rows were waiting unread", error.Message);
        Assert.True(slow.IsClosed);
        Assert.Equal(1, feed.SubscriberCount);
        feed.Unsubscribe(slow);
        Assert.Equal(1, feed.SubscriberCount);
    }
}
