using System.Threading.Channels;

namespace StreamSql.Server.Live;

/// <summary>
/// One client's place on a feed: a bounded queue of frames. The feed never waits for it: when the
/// queue is full the subscriber is cut off with 53400 and the feed moves on.
/// </summary>
internal sealed class LiveSubscriber
{
    private readonly Channel<ResultFrame> _frames;

    /// <param name="limit">Frames it may have unread once its first frames are queued.</param>
    /// <param name="first">Frames queued at the start (snapshot or replay), allowed on top of the limit.</param>
    public LiveSubscriber(int limit, int first, bool progress)
    {
        Limit = limit;
        var capacity = limit + first;
        Progress = progress;
        _frames = Channel.CreateBounded<ResultFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Limit { get; }

    /// <summary>Who reads it (the SignalR connection id), for metrics.</summary>
    public string Client { get; set; } = "";

    /// <summary>Frames queued and not yet read by the client.</summary>
    public int QueueDepth => _frames.Reader.Count;

    public bool Progress { get; }

    public bool IsClosed { get; private set; }

    public ChannelReader<ResultFrame> Frames => _frames.Reader;

    /// <summary>Queues a frame; false (and the subscriber is closed) when its queue is full.</summary>
    public bool Offer(ResultFrame frame)
    {
        if (IsClosed)
            return false;
        if (_frames.Writer.TryWrite(frame))
            return true;
        Close(new LiveException("53400",
            $"subscriber fell behind: {Limit} frames were waiting unread, so it was disconnected to keep the other subscribers and the server going",
            "read faster, or subscribe again with since = the last epoch received to resume"));
        return false;
    }

    public void Close(Exception? error)
    {
        if (IsClosed)
            return;
        IsClosed = true;
        _frames.Writer.TryComplete(error);
    }
}
