using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;
using SessionOptions = StreamSql.Server.Engine.SessionOptions;

namespace StreamSql.Server.Live;

/// <summary>
/// One engine subscription (one SUBSCRIBE, so one dataflow) shared by every live client of the same
/// view or query. It groups the rows into one frame per committed epoch, converts values once, keeps
/// the view's current contents (for the snapshot of a client that joins later) and the frames of the
/// last <see cref="LiveOptions.Retention"/> (for a client that resumes with <c>since</c>), and hands
/// every frame to every subscriber's bounded queue without ever waiting for one.
/// Invariant: under <see cref="_lock"/>, contents + retained frames describe exactly epoch <see cref="_epoch"/>.
/// </summary>
internal sealed class LiveFeed : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<object?[], (object?[] Json, int Count)> _contents = new(RowComparer.Instance);
    private readonly Queue<(ResultFrame Frame, long At)> _retained = new();
    private readonly List<LiveSubscriber> _subscribers = [];
    /// <summary>The subscribers as an array to offer frames to outside the lock; null after a change.</summary>
    private LiveSubscriber[]? _offerTo;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly LiveOptions _options;
    private readonly TimeProvider _time;
    private readonly ISqlSession _session;
    private readonly IRowReader _reader;
    private readonly DataType[] _types;
    private readonly Action<LiveFeed> _onClosed;
    private long _epoch;
    private long _retainedAfter;
    private Exception? _failure;
    private Func<long, (long After, IReadOnlyList<Runtime.Engine.ViewChange> Changes)?> _kept = _ => null;
    private Task _loop = Task.CompletedTask;
    private CancellationTokenSource? _linger;

    private LiveFeed(string key, ISqlSession session, IRowReader reader, IReadOnlyList<ResultColumn> columns,
        LiveOptions options, TimeProvider time, Action<LiveFeed> onClosed)
    {
        Key = key;
        _session = session;
        _reader = reader;
        _options = options;
        _time = time;
        _onClosed = onClosed;
        Columns = [.. columns.Select(c => c.Name)];
        _types = [.. columns.Select(c => c.Type)];
    }

    public string Key { get; }

    /// <summary>The view's column names (without epoch, diff, progressed).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Each subscriber's client and the frames waiting for it.</summary>
    public IReadOnlyList<(string Client, int Depth)> QueueDepths()
    {
        lock (_lock)
            return [.. _subscribers.Select(s => (s.Client, s.QueueDepth))];
    }

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscribers.Count;
        }
    }

    /// <summary>Rows of the view as of the last committed epoch the feed has seen.</summary>
    public int RowCount
    {
        get
        {
            lock (_lock)
                return _contents.Values.Sum(v => v.Count);
        }
    }

    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>
    /// Runs <c>SUBSCRIBE target WITH (SNAPSHOT = true, PROGRESS = true)</c> on a session of its own and
    /// returns once the snapshot is in. Throws <see cref="LiveException"/> when the statement fails.
    /// </summary>
    public static async Task<LiveFeed> OpenAsync(string key, string target, QueryEngine engine, string user,
        LiveOptions options, Action<LiveFeed> onClosed, CancellationToken cancellationToken)
    {
        var session = engine.OpenSession(new SessionOptions(user, engine.Options.DatabaseName, new Dictionary<string, string>()));
        StatementResult? result = null;
        try
        {
            await foreach (var r in session.ExecuteAsync($"SUBSCRIBE {target} WITH (SNAPSHOT = true, PROGRESS = true)", cancellationToken))
            {
                result = r;
                break;
            }

            if (result?.Error is { } error)
                throw new LiveException(error.SqlState, error.Message, error.Hint);
            if (result?.Reader is null || result.Columns is null || result.Columns.Count < 3 || result.Columns[2].Name != "progressed")
                throw new LiveException("42601", $"'{key}' is not a materialized view, table or query that can be subscribed to");
        }
        catch
        {
            if (result?.Reader is { } r)
                await r.DisposeAsync();
            await session.DisposeAsync();
            throw;
        }

        var feed = new LiveFeed(key, session, result.Reader, [.. result.Columns.Skip(3)], options, engine.Options.Time, onClosed)
        {
            // A view's changes kept by the engine (also across a restart) let clients resume from before the feed began.
            _kept = upTo => engine.Runtime.KeptChanges(target, upTo),
        };
        feed._loop = Task.Run(feed.RunAsync, CancellationToken.None);
        try
        {
            await feed._ready.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await feed.DisposeAsync();
            throw;
        }

        return feed;
    }

    /// <summary>
    /// Adds a subscriber whose queue starts with its first frame (columns set): the snapshot, or the
    /// retained frames after <see cref="SubscribeOptions.Since"/>, or an empty frame at the current epoch.
    /// </summary>
    public LiveSubscriber Subscribe(SubscribeOptions options)
    {
        lock (_lock)
        {
            if (_failure is not null)
                throw _failure as LiveException ?? new LiveException("XX000", _failure.Message);
            _linger?.Cancel();
            _linger = null;
            var first = new List<ResultFrame>();
            if (options.Since is { } since)
            {
                if (since < _retainedAfter || since > _epoch)
                {
                    throw new LiveException("55000",
                        since > _epoch
                            ? $"cannot resume after epoch {since}: the last committed epoch is {_epoch}"
                            : $"cannot resume after epoch {since}: it is no longer retained (this feed can resume after epoch {_retainedAfter} or later)",
                        "subscribe again without since to start from a snapshot of the current contents");
                }

                foreach (var (frame, _) in _retained)
                {
                    if (frame.Epoch > since)
                        first.Add(first.Count == 0 ? frame with { Columns = Columns } : frame);
                }
            }
            else if (options.Snapshot ?? true)
            {
                var rows = new List<FrameChange>(_contents.Count);
                foreach (var (json, count) in _contents.Values)
                {
                    for (var i = 0; i < count; i++)
                        rows.Add(new FrameChange(1, json));
                }

                first.Add(new ResultFrame(_epoch, Columns, rows, false));
            }

            if (first.Count == 0)
                first.Add(new ResultFrame(_epoch, Columns, [], false));
            var subscriber = new LiveSubscriber(_options.ClientBufferRows, options.Progress ?? false);
            subscriber.Start(first);
            _subscribers.Add(subscriber);
            _offerTo = null;
            return subscriber;
        }
    }

    /// <summary>Removes a subscriber; the last one leaving starts the linger time, after which the feed closes.</summary>
    public void Unsubscribe(LiveSubscriber subscriber)
    {
        CancellationToken linger;
        lock (_lock)
        {
            subscriber.Close(null);
            if (!_subscribers.Remove(subscriber))
                return;
            _offerTo = null;
            if (_subscribers.Count > 0 || _failure is not null)
                return;
            _linger = new CancellationTokenSource();
            linger = _linger.Token;
        }

        _ = CloseAfterLingerAsync(linger);
    }

    private async Task CloseAfterLingerAsync(CancellationToken linger)
    {
        try
        {
            await Task.Delay(_options.Linger, _time, linger);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _onClosed(this);
        await DisposeAsync();
    }

    private async Task RunAsync()
    {
        var changes = new List<(object?[] Raw, int Diff)>();
        Exception? failure = null;
        try
        {
            while (await _reader.MoveNextAsync(_stop.Token))
            {
                var row = _reader.Current;
                var epoch = (long)row[0]!;
                if (row[2] is true)
                {
                    Publish(epoch, changes);
                    changes.Clear();
                    continue;
                }

                changes.Add((row[3..], (int)row[1]!));
            }

            failure = new LiveException("57014", $"the subscription to {Key} ended: it was dropped");
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            failure = new LiveException("57P01", "the server is shutting down");
        }
        catch (EngineException e)
        {
            failure = new LiveException(e.Error.SqlState, e.Error.Message, e.Error.Hint);
        }
        catch (Exception e)
        {
            failure = new LiveException("XX000", $"the subscription to {Key} failed: {e.Message}");
        }

        lock (_lock)
        {
            _failure = failure;
            foreach (var subscriber in _subscribers)
                subscriber.Close(failure);
            _subscribers.Clear();
            _offerTo = null;
        }

        _ready.TrySetException(failure);
        _onClosed(this);
    }

    private void Publish(long epoch, List<(object?[] Raw, int Diff)> changes)
    {
        var frameChanges = new FrameChange[changes.Count];
        for (var i = 0; i < changes.Count; i++)
            frameChanges[i] = new FrameChange(changes[i].Diff, JsonValues.Row(changes[i].Raw, _types));
        ResultFrame frame;
        LiveSubscriber[] offerTo;
        lock (_lock)
        {
            for (var i = 0; i < changes.Count; i++)
                Apply(changes[i].Raw, frameChanges[i]);
            Volatile.Write(ref _epoch, epoch);
            if (!_ready.Task.IsCompleted)
            {
                // The snapshot: what a later subscriber gets as contents, not a frame of its own.
                // The frames before it are the changes the engine kept for the view, if any.
                _retainedAfter = epoch;
                if (_kept(epoch) is { } kept)
                {
                    _retainedAfter = kept.After;
                    var at = _time.GetTimestamp();
                    foreach (var change in kept.Changes)
                    {
                        var rows = change.Rows.Select(r => new FrameChange(r.Diff, JsonValues.Row(r.Values, _types))).ToArray();
                        _retained.Enqueue((new ResultFrame(change.Epoch, null, rows, false), at));
                    }
                }

                _ready.TrySetResult();
                return;
            }

            if (frameChanges.Length > 0)
            {
                frame = new ResultFrame(epoch, null, frameChanges, false);
                var now = _time.GetTimestamp();
                _retained.Enqueue((frame, now));
                while (_retained.Count > 0 && _time.GetElapsedTime(_retained.Peek().At, now) > _options.Retention)
                    _retainedAfter = _retained.Dequeue().Frame.Epoch;
            }
            else
            {
                frame = new ResultFrame(epoch, null, [], true);
            }

            _offerTo ??= [.. _subscribers];
            offerTo = _offerTo;
        }

        // Outside the lock: each offer resumes that client's hub stream on this thread (it serializes
        // and queues the frame for its socket), and a stream that ends unsubscribes, which takes the lock.
        // A client subscribing meanwhile is not in the array and has this epoch in its snapshot.
        var cut = false;
        foreach (var subscriber in offerTo)
        {
            if ((frameChanges.Length > 0 || subscriber.Progress) && !subscriber.Offer(frame))
                cut = true;
        }

        if (cut)
        {
            lock (_lock)
            {
                if (_subscribers.RemoveAll(s => s.IsClosed) > 0)
                    _offerTo = null;
            }
        }
    }

    private void Apply(object?[] raw, FrameChange change)
    {
        if (_contents.TryGetValue(raw, out var entry))
        {
            var count = entry.Count + change.Diff;
            if (count <= 0)
                _contents.Remove(raw);
            else
                _contents[raw] = (entry.Json, count);
        }
        else if (change.Diff > 0)
        {
            _contents[raw] = (change.Row, change.Diff);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // The loop reports its own end to the subscribers.
        }

        await _reader.DisposeAsync();
        await _session.DisposeAsync();
    }
}
