using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>
/// How a subscriber's reader is resumed: by an offer on the offering thread (the feed fans a frame
/// out without a thread-pool hop per client), by a close on the thread pool (the closer may hold
/// the feed's lock), by its token; and what it reads after being cut off.
/// </summary>
public sealed class LiveSubscriberTests
{
    private static ResultFrame Frame(long epoch, long value) => new(epoch, null, [new FrameChange(1, [value])], false);

    private static LiveSubscriber Started(int limitRows = 100)
    {
        var subscriber = new LiveSubscriber(limitRows, progress: false);
        subscriber.Start([new ResultFrame(1, ["x"], [], false)]);
        Assert.True(subscriber.TryRead(out _));
        return subscriber;
    }

    [Fact]
    public async Task AWaitingReaderResumesOnTheOfferingThreadBeforeTheOfferReturns()
    {
        var subscriber = Started();
        var reads = new List<(long Epoch, int Thread)>();
        var reader = Task.Run(async () =>
        {
            while (await subscriber.WaitToReadAsync(CancellationToken.None))
            {
                while (subscriber.TryRead(out var frame))
                    reads.Add((frame.Epoch, Environment.CurrentManagedThreadId));
            }
        });
        await WaitUntilWaitingAsync(subscriber);

        var offering = Environment.CurrentManagedThreadId;
        Assert.True(subscriber.Offer(Frame(2, 5)));
        // Read before Offer returned, on this thread.
        Assert.Equal([(2L, offering)], reads);

        subscriber.Close(null);
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(reads);
    }

    [Fact]
    public async Task ClosingWithAnErrorResumesTheReaderOnTheThreadPoolWithTheError()
    {
        var subscriber = Started();
        // The closer holds a lock while it closes (as the feed does): a reader resumed inline would run
        // inside it, on the closer's thread. Comparing thread ids instead would be a race: the pool
        // may well run the resumed reader on the closer's thread once the closer has let go of it.
        var gate = new object();
        bool? resumedInsideTheCloser = null;
        var reader = Task.Run(async () =>
        {
            try
            {
                await subscriber.WaitToReadAsync(CancellationToken.None);
            }
            finally
            {
                resumedInsideTheCloser = Monitor.IsEntered(gate);
            }
        });
        await WaitUntilWaitingAsync(subscriber);

        lock (gate)
            subscriber.Close(new LiveException("57P01", "the server is shutting down"));

        var error = await Assert.ThrowsAsync<LiveException>(() => reader.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("57P01", error.SqlState);
        Assert.False(resumedInsideTheCloser);
    }

    [Fact]
    public async Task ACancelledWaitThrowsAndTheNextWaitWithAnotherTokenWorks()
    {
        var subscriber = Started();
        using var cancel = new CancellationTokenSource();
        var wait = subscriber.WaitToReadAsync(cancel.Token);
        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        Assert.Equal(cancel.Token, error.CancellationToken);

        // The cancelled token is not registered for the next wait; an offer resumes it.
        var next = subscriber.WaitToReadAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        Assert.True(subscriber.Offer(Frame(2, 7)));
        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(await next);
        Assert.True(subscriber.TryRead(out var frame));
        Assert.Equal(2, frame.Epoch);
    }

    [Fact]
    public async Task ACutOffReaderGetsItsQueuedFramesThenTheError()
    {
        var subscriber = Started(limitRows: 2);
        Assert.True(subscriber.Offer(Frame(2, 1)));
        Assert.True(subscriber.Offer(Frame(3, 2)));
        Assert.False(subscriber.Offer(Frame(4, 3)));
        Assert.True(subscriber.IsClosed);

        Assert.True(await subscriber.WaitToReadAsync(CancellationToken.None));
        Assert.True(subscriber.TryRead(out var first));
        Assert.True(subscriber.TryRead(out var second));
        Assert.Equal([2L, 3L], new[] { first.Epoch, second.Epoch });
        var error = await Assert.ThrowsAsync<LiveException>(async () => await subscriber.WaitToReadAsync(CancellationToken.None));
        Assert.Equal("53400", error.SqlState);
        Assert.False(subscriber.Offer(Frame(5, 4)));
    }

    [Fact]
    public async Task AReaderWaitingWhenItIsCutOffGetsTheError()
    {
        var subscriber = Started(limitRows: 1);
        var wait = subscriber.WaitToReadAsync(CancellationToken.None);
        Assert.False(subscriber.Offer(new ResultFrame(2, null, [new FrameChange(1, [1L]), new FrameChange(1, [2L])], false)));
        var error = await Assert.ThrowsAsync<LiveException>(async () => await wait);
        Assert.Equal("53400", error.SqlState);
    }

    /// <summary>Until the reader has gone to sleep (the reader task gets there almost at once, on a busy machine later).</summary>
    private static async Task WaitUntilWaitingAsync(LiveSubscriber subscriber)
    {
        for (var i = 0; i < 1000 && !subscriber.HasWaitingReader; i++)
            await Task.Delay(10);
        Assert.True(subscriber.HasWaitingReader);
    }
}
