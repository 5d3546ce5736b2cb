using System.Text.Json;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>
/// The JSON a subscriber receives, for the frames every subscriber shares and for the frames
/// merged for one that fell behind (put together from the shared frames' encoded changes).
/// </summary>
public sealed class FrameEncodingTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new ResultFrameJsonConverter() } };

    private static ResultFrame Frame(long epoch, params (int Diff, object? Value)[] changes) =>
        new(epoch, null, [.. changes.Select(c => new FrameChange(c.Diff, [c.Value]))], false);

    [Fact]
    public void ASharedFrameIsWrittenOnceAndTheSameForEveryone()
    {
        var frame = new ResultFrame(7, ["k", "n"], [new FrameChange(1, ["a", 1L]), new FrameChange(-1, [null, 2.5])], false);
        const string expected = """{"epoch":7,"columns":["k","n"],"changes":[{"diff":1,"row":["a",1]},{"diff":-1,"row":[null,2.5]}],"progress":false}""";
        Assert.Equal(expected, JsonSerializer.Serialize(frame, Options));
        Assert.Equal(expected, JsonSerializer.Serialize(frame, Options));
        Assert.Equal("""{"epoch":8,"columns":null,"changes":[],"progress":true}""",
            JsonSerializer.Serialize(new ResultFrame(8, null, [], true), Options));
    }

    [Fact]
    public void FramesMergedForALaggingSubscriberKeepEveryChangeInOrderAndLeaveTheSharedFramesAlone()
    {
        var subscriber = new LiveSubscriber(limitRows: 100, progress: true);
        subscriber.Start([new ResultFrame(10, ["x"], [new FrameChange(1, [1L])], false)]);
        var shared = new[] { Frame(11, (1, 2L)), Frame(12, (-1, 1L), (1, 3L)), new ResultFrame(13, null, [], true), Frame(14, (1, "x")) };
        foreach (var frame in shared)
            Assert.True(subscriber.Offer(frame));

        Assert.True(subscriber.TryRead(out var first));
        Assert.True(subscriber.TryRead(out var merged));
        Assert.False(subscriber.TryRead(out _));
        Assert.Equal(3, subscriber.Coalesced);
        Assert.Equal("""{"epoch":10,"columns":["x"],"changes":[{"diff":1,"row":[1]}],"progress":false}""", JsonSerializer.Serialize(first, Options));
        Assert.Equal(14, merged.Epoch);
        Assert.Equal(
            """{"epoch":14,"columns":null,"changes":[{"diff":1,"row":[2]},{"diff":-1,"row":[1]},{"diff":1,"row":[3]},{"diff":1,"row":["x"]}],"progress":false}""",
            JsonSerializer.Serialize(merged, Options));
        Assert.Equal(4, merged.Changes.Count);

        // What other subscribers get from the same shared frames is unchanged.
        Assert.Equal("""{"epoch":11,"columns":null,"changes":[{"diff":1,"row":[2]}],"progress":false}""", JsonSerializer.Serialize(shared[0], Options));
        Assert.Single(shared[0].Changes);
        Assert.Equal(2, shared[1].Changes.Count);
    }

    [Fact]
    public void MergingIntoASubscribersFirstFrameKeepsItsColumns()
    {
        var subscriber = new LiveSubscriber(limitRows: 100, progress: false);
        subscriber.Start([new ResultFrame(1, ["x"], [], false), new ResultFrame(2, null, [new FrameChange(1, [5L])], false)]);
        Assert.True(subscriber.Offer(Frame(3, (1, 6L))));
        Assert.True(subscriber.Offer(Frame(4, (1, 7L))));
        Assert.True(subscriber.TryRead(out var first));
        Assert.True(subscriber.TryRead(out var merged));
        Assert.Equal("""{"epoch":1,"columns":["x"],"changes":[],"progress":false}""", JsonSerializer.Serialize(first, Options));
        Assert.Equal("""{"epoch":4,"columns":null,"changes":[{"diff":1,"row":[5]},{"diff":1,"row":[6]},{"diff":1,"row":[7]}],"progress":false}""",
            JsonSerializer.Serialize(merged, Options));
    }
}
