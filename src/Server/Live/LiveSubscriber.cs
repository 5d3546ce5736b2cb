using System.Threading.Tasks.Sources;

namespace StreamSql.Server.Live;

/// <summary>
/// One client's place on a feed: the frames it has not read yet. The feed never waits for it. A
/// client that keeps up reads each frame before the next arrives; one that falls behind gets the
/// frames that arrive meanwhile merged into the last unread one (changes appended, the newer epoch),
/// so it catches up with fewer, larger frames instead of one send per epoch. Only when more than
/// <see cref="LimitRows"/> changed rows wait unread is it cut off with 53400 and the feed moves on.
/// A waiting reader (one per subscriber) is resumed by <see cref="Offer"/> on the offering thread,
/// so the feed hands a frame to a thousand clients without a thread-pool hop per client; call
/// <see cref="Offer"/> holding no lock the reader's code may take.
/// </summary>
internal sealed class LiveSubscriber : IValueTaskSource<bool>
{
    /// <summary>Unread frames at which further frames are merged into the last one.</summary>
    public const int CoalesceAfterFrames = 2;

    private readonly object _lock = new();
    /// <summary>Unread frames, each with how many of its rows count against the limit (first frames' do not).</summary>
    private readonly LinkedList<(ResultFrame Frame, int Counted)> _queue = new();
    /// <summary>The reader's pending wait; whoever clears <see cref="_waiting"/> under the lock completes it.</summary>
    private ManualResetValueTaskSourceCore<bool> _wait;
    private bool _waiting;
    private CancellationToken _waitToken;
    private CancellationTokenRegistration _waitCancellation;
    private long _pendingRows;
    private Exception? _error;

    /// <param name="limitRows">Changed rows it may have unread (beyond its first frames) before it is cut off.</param>
    public LiveSubscriber(int limitRows, bool progress)
    {
        LimitRows = limitRows;
        Progress = progress;
    }

    public int LimitRows { get; }

    /// <summary>Who reads it (the SignalR connection id), for metrics.</summary>
    public string Client { get; set; } = "";

    public bool Progress { get; }

    public bool IsClosed { get; private set; }

    /// <summary>Frames queued and not yet read by the client.</summary>
    public int QueueDepth
    {
        get
        {
            lock (_lock)
                return _queue.Count;
        }
    }

    /// <summary>True while its reader waits for a frame.</summary>
    public bool HasWaitingReader
    {
        get
        {
            lock (_lock)
                return _waiting;
        }
    }

    /// <summary>Frames merged into others because the client was behind.</summary>
    public long Coalesced { get; private set; }

    /// <summary>Queues the first frames (snapshot or replay) as they are, whatever their size.</summary>
    public void Start(IEnumerable<ResultFrame> first)
    {
        bool wake;
        lock (_lock)
        {
            foreach (var frame in first)
                _queue.AddLast((frame, 0));
            wake = TakeWaiterLocked();
        }

        if (wake)
            Complete(true);
    }

    /// <summary>
    /// Queues a frame, merging it into the last unread one when the client is behind, and resumes a
    /// waiting reader on this thread; false (and the subscriber is closed) when too much waits unread.
    /// </summary>
    public bool Offer(ResultFrame frame)
    {
        bool accepted, wake, hasFrames;
        lock (_lock)
        {
            if (IsClosed)
                return false;
            _pendingRows += frame.Changes.Count;
            accepted = _pendingRows <= LimitRows;
            if (!accepted)
            {
                CloseLocked(new LiveException("53400",
                    $"subscriber fell behind: more than {LimitRows} changed rows were waiting unread, so it was disconnected to keep the other subscribers and the server going",
                    "read faster, or subscribe again with since = the last epoch received to resume"));
            }
            else if (_queue.Count >= CoalesceAfterFrames)
            {
                var last = _queue.Last!;
                last.Value = (Merge(last.Value.Frame, frame), last.Value.Counted + frame.Changes.Count);
                Coalesced++;
            }
            else
            {
                _queue.AddLast((frame, frame.Changes.Count));
            }

            wake = TakeWaiterLocked();
            hasFrames = _queue.Count > 0;
        }

        if (wake)
            Complete(hasFrames);
        return accepted;
    }

    public bool TryRead(out ResultFrame frame)
    {
        lock (_lock)
        {
            if (_queue.First is { } first)
            {
                _queue.RemoveFirst();
                frame = first.Value.Frame;
                _pendingRows -= first.Value.Counted;
                return true;
            }

            frame = null!;
            return false;
        }
    }

    /// <summary>
    /// True when a frame can be read; false once the subscriber is closed and drained. Throws the
    /// error it was closed with. One reader at a time; the wait it returns must be awaited before
    /// the next call.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_queue.Count > 0)
                return new ValueTask<bool>(true);
            if (IsClosed)
                return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            if (cancellationToken.IsCancellationRequested)
                return ValueTask.FromCanceled<bool>(cancellationToken);
            _wait.Reset();
            _waiting = true;
            var version = _wait.Version;
            if (cancellationToken != _waitToken)
            {
                // Registered once per token (a hub stream reads with one token for its whole life). A
                // token cancelled since the check above completes the wait right here (the lock is re-entrant).
                _waitCancellation.Unregister();
                _waitToken = cancellationToken;
                _waitCancellation = cancellationToken.UnsafeRegister(static s => ((LiveSubscriber)s!).OnCancelled(), this);
            }

            return new ValueTask<bool>(this, version);
        }
    }

    private void OnCancelled()
    {
        bool wake;
        CancellationToken token;
        lock (_lock)
        {
            wake = TakeWaiterLocked();
            token = _waitToken;
        }

        if (wake)
            _wait.SetException(new OperationCanceledException(token));
    }

    /// <summary>Every frame until the subscriber is closed (then the error it was closed with, if any).</summary>
    public async IAsyncEnumerable<ResultFrame> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var frame))
                yield return frame;
        }
    }

    /// <summary>Closes it; a waiting reader resumes on the thread pool (the caller may hold the feed's lock).</summary>
    public void Close(Exception? error)
    {
        bool wake;
        bool hasFrames;
        lock (_lock)
        {
            CloseLocked(error);
            wake = TakeWaiterLocked();
            hasFrames = _queue.Count > 0;
        }

        if (wake)
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Subscriber.Complete(s.HasFrames), (Subscriber: this, HasFrames: hasFrames), preferLocal: false);
    }

    private void CloseLocked(Exception? error)
    {
        if (IsClosed)
            return;
        IsClosed = true;
        _error = error;
        _waitCancellation.Unregister();
    }

    /// <summary>True when a reader waits; it is then the caller's to complete, outside the lock.</summary>
    private bool TakeWaiterLocked()
    {
        var waiting = _waiting;
        _waiting = false;
        return waiting;
    }

    /// <summary>
    /// Resumes the waiting reader: a frame to read, or the end (the error it was closed with, if
    /// any; set once, before the close that leads here, so it is read without the lock).
    /// </summary>
    private void Complete(bool hasFrames)
    {
        if (!hasFrames && _error is { } error)
            _wait.SetException(error);
        else
            _wait.SetResult(hasFrames);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wait.OnCompleted(continuation, state, token, flags);

    /// <summary>
    /// The changes of both frames in order, at the later epoch; the earlier frame's columns are kept
    /// (it may be the client's first). A heartbeat merged into changes is just the later epoch. The
    /// first merge copies; later ones append to the merged frame's own lists, which nobody else
    /// sees until it is read (only the last unread frame is merged into).
    /// </summary>
    private static ResultFrame Merge(ResultFrame earlier, ResultFrame later)
    {
        if (later.Changes.Count == 0)
            return earlier with { Epoch = later.Epoch, Progress = earlier.Progress && later.Progress && earlier.Changes.Count == 0 };
        if (earlier.Parts is List<ResultFrame> ownParts && earlier.Changes is List<FrameChange> ownChanges)
        {
            ownChanges.AddRange(later.Changes);
            ownParts.AddRange(later.Parts ?? [later]);
            return earlier with { Epoch = later.Epoch, Progress = false };
        }

        var changes = new List<FrameChange>(earlier.Changes.Count + later.Changes.Count);
        changes.AddRange(earlier.Changes);
        changes.AddRange(later.Changes);
        var parts = new List<ResultFrame>();
        if (earlier.Changes.Count > 0)
            parts.AddRange(earlier.Parts ?? [earlier]);
        parts.AddRange(later.Parts ?? [later]);
        return new ResultFrame(later.Epoch, earlier.Columns, changes, false) { Parts = parts };
    }
}
