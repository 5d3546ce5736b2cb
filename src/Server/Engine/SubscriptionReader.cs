using System.Threading.Channels;
using StreamSql.Runtime;
using StreamSql.Runtime.Engine;

namespace StreamSql.Server.Engine;

/// <summary>
/// The rows of a SUBSCRIBE: the snapshot first (as +1 rows of the epoch it was read at), then,
/// per committed epoch that changed the view, its changes; with PROGRESS, a heartbeat row
/// (<c>progressed = true</c>, other columns NULL) whenever the epoch advanced. Row layout:
/// <c>epoch, diff, [progressed,] columns...</c>. Ends only when cancelled, when the view is dropped,
/// or when the subscriber falls too far behind (53400).
/// </summary>
internal sealed class SubscriptionReader : IRowReader
{
    private readonly ViewSubscription _subscription;
    private readonly QueryEngine _engine;
    private readonly bool _progress;
    private readonly int _width;
    private readonly Queue<object?[]> _pending = new();
    private readonly Func<ValueTask>? _onDispose;
    private long _lastProgress;
    private Exception? _failure;
    private int _disposed;

    public SubscriptionReader(long id, string view, string target, QueryEngine engine, ViewSubscription subscription,
        IReadOnlyList<object?[]>? snapshot, bool progress, Func<ValueTask>? onDispose)
    {
        Id = id;
        View = view;
        Target = target;
        _engine = engine;
        _subscription = subscription;
        _progress = progress;
        _onDispose = onDispose;
        _width = subscription.Schema.Count;
        _lastProgress = subscription.StartEpoch;
        Epoch = subscription.StartEpoch;
        Started = DateTimeOffset.UtcNow;
        if (snapshot is not null)
        {
            foreach (var row in snapshot)
                _pending.Enqueue(Row(subscription.StartEpoch, 1, row));
        }

        if (progress)
            _pending.Enqueue(ProgressRow(subscription.StartEpoch));
    }

    public long Id { get; }

    /// <summary>The materialized view read (a temporary one for a query).</summary>
    public string View { get; }

    /// <summary>What the client subscribed to, as it named it.</summary>
    public string Target { get; }

    public DateTimeOffset Started { get; }

    public long RowsSent { get; private set; }

    /// <summary>The epoch of the last row handed to the client (the snapshot's before any).</summary>
    public long Epoch { get; private set; }

    /// <summary>Committed epochs queued for this subscriber and not yet read.</summary>
    public int QueueDepth => _subscription.Changes.CanCount ? _subscription.Changes.Count : 0;

    public object?[] Current { get; private set; } = [];

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_pending.TryDequeue(out var next))
            {
                Current = next;
                RowsSent++;
                if (next[0] is long epoch)
                    Epoch = epoch;
                return true;
            }

            if (_failure is not null)
                throw Wrap(_failure);

            var reader = _subscription.Changes;
            if (_progress)
            {
                var wait = reader.WaitToReadAsync(cancellationToken).AsTask();
                var tick = Task.Delay(_engine.Options.Runtime.TickInterval, _engine.Options.Time, cancellationToken);
                if (await Task.WhenAny(wait, tick) != wait)
                {
                    var epoch = _engine.Runtime.CurrentEpoch;
                    if (epoch > _lastProgress)
                    {
                        _lastProgress = epoch;
                        _pending.Enqueue(ProgressRow(epoch));
                    }

                    continue;
                }
            }

            ViewChange change;
            try
            {
                change = await reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException e)
            {
                if (_failure is not null)
                    throw Wrap(_failure);
                if (e.InnerException is not null)
                    throw Wrap(e.InnerException);
                return false;
            }

            foreach (var row in change.Rows)
                _pending.Enqueue(Row(change.Epoch, row.Diff, row.Values));
            if (_progress)
            {
                _lastProgress = Math.Max(_lastProgress, change.Epoch);
                _pending.Enqueue(ProgressRow(change.Epoch));
            }
        }
    }

    /// <summary>Ends the subscription with an error the client will see (the view was dropped).</summary>
    public void Fail(Exception error)
    {
        _failure = error;
        _subscription.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _subscription.Dispose();
        _engine.Subscriptions.Remove(Id);
        if (_onDispose is not null)
            await _onDispose();
    }

    private object?[] Row(long epoch, int diff, object?[] values)
    {
        var offset = _progress ? 3 : 2;
        var row = new object?[offset + _width];
        row[0] = epoch;
        row[1] = diff;
        if (_progress)
            row[2] = false;
        Array.Copy(values, 0, row, offset, Math.Min(values.Length, _width));
        return row;
    }

    private object?[] ProgressRow(long epoch)
    {
        var row = new object?[3 + _width];
        row[0] = epoch;
        row[2] = true;
        return row;
    }

    private static EngineException Wrap(Exception e) => e switch
    {
        EngineException engine => engine,
        SqlStateException s => new EngineException(EngineErrors.FromException(s)),
        _ => new EngineException(EngineErrors.Internal(e)),
    };
}
