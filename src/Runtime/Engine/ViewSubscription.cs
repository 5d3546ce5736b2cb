using System.Threading.Channels;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A subscriber's view of one materialized view: a bounded channel receiving, per committed epoch
/// that changed the view, its <see cref="ViewChange"/>. A subscriber more than
/// <see cref="RuntimeOptions.SubscriberBufferEpochs"/> behind has its channel completed with a
/// <see cref="SqlStateException"/> (53400); others are unaffected. Dispose to unsubscribe.
/// </summary>
public sealed class ViewSubscription : IDisposable
{
    private readonly Channel<ViewChange> channel;
    private readonly Action<ViewSubscription> onDispose;
    private int disposed;

    internal ViewSubscription(string view, RowSchema schema, long startEpoch, int capacity, Action<ViewSubscription> onDispose)
    {
        View = view;
        Schema = schema;
        StartEpoch = startEpoch;
        this.onDispose = onDispose;
        channel = Channel.CreateBounded<ViewChange>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string View { get; }

    public RowSchema Schema { get; }

    /// <summary>The last committed epoch when the subscription began; changes start after it.</summary>
    public long StartEpoch { get; }

    public ChannelReader<ViewChange> Changes => channel.Reader;

    /// <summary>Offers one epoch's changes; false (and the channel closed with 53400) when the subscriber is too far behind.</summary>
    internal bool Offer(ViewChange change)
    {
        if (channel.Writer.TryWrite(change))
            return true;
        channel.Writer.TryComplete(new SqlStateException("53400",
            $"subscriber of \"{View}\" fell too far behind and was disconnected",
            hint: "Read changes faster or raise the subscriber buffer limit."));
        return false;
    }

    internal void Complete(Exception? error = null) => channel.Writer.TryComplete(error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            channel.Writer.TryComplete();
            onDispose(this);
        }
    }
}
