using Microsoft.Extensions.Hosting;
using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Live;

/// <summary>
/// Samples the engine every <see cref="LiveOptions.MetricsInterval"/> into an immutable
/// <see cref="MetricsSnapshot"/> that the API, <c>/metrics</c> and the console read.
/// Counting a view's rows copies them, so views without a live feed are counted at most every
/// ten samples.
/// </summary>
internal sealed class LiveMetrics(QueryEngine engine, LiveFeeds feeds, LiveOptions options) : BackgroundService
{
    private const int ViewCountEvery = 10;
    private readonly Dictionary<string, long> _recordsBefore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _viewRows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _viewBytes = new(StringComparer.Ordinal);
    private int _hubConnections;
    private int _samples;
    private long _epochBefore = -1;
    private long _sampledAt;
    private MetricsSnapshot _current = new(DateTimeOffset.UnixEpoch, 0, 0, 0, 0, 0, [], []);

    public MetricsSnapshot Current => Volatile.Read(ref _current);

    public int HubConnections => Volatile.Read(ref _hubConnections);

    public void HubConnected() => Interlocked.Increment(ref _hubConnections);

    public void HubDisconnected() => Interlocked.Decrement(ref _hubConnections);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Sample();
        using var timer = new PeriodicTimer(options.MetricsInterval, engine.Options.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Sample();
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Takes one sample now (the timer calls it; tests may too).</summary>
    public MetricsSnapshot Sample()
    {
        lock (_recordsBefore)
        {
            var time = engine.Options.Time;
            var now = time.GetTimestamp();
            var seconds = _sampledAt == 0 ? 0 : time.GetElapsedTime(_sampledAt, now).TotalSeconds;
            _sampledAt = now;
            var runtime = engine.Runtime;
            var epoch = runtime.CurrentEpoch;
            var epochs = _epochBefore < 0 ? 0 : epoch - _epochBefore;
            _epochBefore = epoch;
            var procMicros = runtime.EpochProcessingTime;

            var sources = new List<SourceMetrics>();
            var parted = runtime.SourcePartitions().ToDictionary(p => p.Source, StringComparer.Ordinal);
            foreach (var s in runtime.GetWatermarks())
            {
                var sample = parted.GetValueOrDefault(s.Name);
                var parts = sample is not null
                    ? sample.Partitions.Select(p => new PartitionMetrics(p.Partition, p.Lag, p.Records, p.RecordsPerSecond, p.BytesPerSecond,
                        Timestamp(p.MaxEventTimeMicros), p.Idle, p.Paused)).ToList()
                    : [];
                var before = _recordsBefore.GetValueOrDefault(s.Name, s.RecordsRead);
                _recordsBefore[s.Name] = s.RecordsRead;
                sources.Add(new SourceMetrics(
                    s.Name,
                    s.RecordsRead,
                    seconds > 0 ? (s.RecordsRead - before) / seconds : 0,
                    Timestamp(s.WatermarkMicros),
                    Timestamp(s.MaxEventTimeMicros),
                    s.WatermarkMicros is { } wm && procMicros > 0 ? Math.Max(0, (procMicros - wm) / 1e6) : null,
                    s.LateRows)
                {
                    BadRecords = s.BadRecords,
                    Lag = parts.Any(p => p.Lag is not null) ? parts.Sum(p => p.Lag ?? 0) : null,
                    Partitions = parts,
                    Error = s.StoppedBy ?? sample?.LastError,
                });
            }

            var open = feeds.Open.ToDictionary(f => f.Key, StringComparer.Ordinal);
            // State sizes come from the last checkpoint; with none, measuring serializes the state:
            // every few samples, like counting rows of views nobody watches.
            var measure = _samples % ViewCountEvery == 0;
            var stats = runtime.GetViewStats(measure).ToDictionary(v => v.Name, StringComparer.Ordinal);
            if (measure)
            {
                _viewBytes.Clear();
                foreach (var v in stats.Values)
                    if (v.StateBytes is { } b)
                        _viewBytes[v.Name] = b;
            }

            var views = new List<ViewMetrics>();
            foreach (var view in engine.Catalog.All<MaterializedViewDefinition>())
            {
                var subscribers = open.TryGetValue(view.Name, out var feed) ? feed.SubscriberCount : 0;
                long rows;
                if (feed is not null)
                    rows = feed.RowCount;
                else if (_samples % ViewCountEvery == 0 || !_viewRows.TryGetValue(view.Name, out rows))
                    rows = Try(() => runtime.ReadRelation(view.Name).Rows.Count);
                _viewRows[view.Name] = rows;
                var cost = stats.GetValueOrDefault(view.Name);
                var errors = Try(() => runtime.ExpressionErrors(view.Name));
                views.Add(new ViewMetrics(view.Name, rows, Try(() => runtime.LateRows(view.Name)), subscribers,
                    (cost?.LastEpochMicros ?? 0) / 1000.0, (cost?.TotalMicros ?? 0) / 1e6, cost?.Epochs ?? 0,
                    _viewBytes.TryGetValue(view.Name, out var bytes) ? bytes : null)
                {
                    RowsIn = cost?.RowsIn ?? 0,
                    RowsOut = cost?.RowsOut ?? 0,
                    ExpressionErrors = errors.Count,
                    LastExpressionError = errors.Last is { } last ? $"{last.SqlState}: {last.Message}" : null,
                });
            }

            _samples++;
            var snapshot = new MetricsSnapshot(
                time.GetUtcNow(),
                epoch,
                seconds > 0 ? epochs / seconds : 0,
                epochs > 0 ? seconds * 1000 / epochs : 0,
                HubConnections,
                open.Values.Sum(f => f.SubscriberCount),
                sources,
                views)
            {
                PgConnections = engine.ClientSessions,
                EpochDurations = runtime.GetEpochDurations(),
                ClientQueues =
                [
                    .. open.Values.SelectMany(f => f.QueueDepths().Select(q => new ClientQueueMetrics("hub:" + q.Client, f.Key, q.Depth))),
                    .. engine.Subscriptions.Open.Select(r => new ClientQueueMetrics("pg:" + r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.View, r.QueueDepth)),
                ],
            };
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    private static string? Timestamp(long? micros) => micros is { } m ? (string?)JsonValues.Value(m, DataType.Timestamp) : null;

    /// <summary>A view dropped between listing and reading counts as 0 (it is gone from the next sample).</summary>
    /// <summary>A view's figure, or the default when the view went away since the catalog was read.</summary>
    private static T Try<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is SqlStateException or InvalidOperationException or KeyNotFoundException)
        {
            return default!;
        }
    }
}
