using System.Collections.Immutable;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Engine;

public sealed partial class StreamingRuntime
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly List<(ViewState View, ViewChange Change)> pendingChanges = [];
    private CancellationTokenSource? loopStop;
    private Task? loop;
    private long? runningEpoch;

    private long epochLimit;

    /// <summary>
    /// True (the default): sources that want to know (<see cref="ICommittableSource"/>) hear after every
    /// epoch that its positions are committed. A server that keeps state on disk sets it false and calls
    /// <see cref="CommitSourcePositions"/> with a checkpoint's positions once the checkpoint is durable.
    /// </summary>
    public bool CommitSourcesEachEpoch { get; set; } = true;

    /// <summary>Every source's position now (taken together with a checkpoint, under the caller's lock on statements).</summary>
    public IReadOnlyDictionary<string, SourcePosition> SourcePositions()
    {
        lock (gate)
            return sources.Values.ToDictionary(s => s.Name, s => s.Position);
    }

    /// <summary>
    /// Each source read in parts (<see cref="IPartitionedSource"/>) with a sample of its parts and its
    /// last error; the connectors are asked outside the runtime's lock, so epochs do not wait for them.
    /// </summary>
    public IReadOnlyList<SourcePartitionsSample> SourcePartitions()
    {
        List<(string, IPartitionedSource)> parted;
        lock (gate)
            parted = [.. sources.Values.Where(s => s.Started && s.Connector is IPartitionedSource).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (s.Name, (IPartitionedSource)s.Connector!))];
        return [.. parted.Select(p => new SourcePartitionsSample(p.Item1, p.Item2.PartitionMetrics(), p.Item2.LastError))];
    }

    /// <summary>Tells the sources that these positions are durable (their records are in a checkpoint on disk).</summary>
    public void CommitSourcePositions(IReadOnlyDictionary<string, SourcePosition> positions)
    {
        lock (gate)
        {
            foreach (var (name, position) in positions)
                if (sources.TryGetValue(name, out var source))
                    Commit(source, position);
        }
    }

    private static void Commit(SourceState source, SourcePosition position)
    {
        if (source.Started && source.Connector is ICommittableSource committable && position.Value.Length > 0)
            committable.OnEpochCommitted(position);
    }

    /// <summary>
    /// Epoch numbers are promised to subscribers, who resume by them, so they must not repeat even across
    /// a restart. When set, this is called before an epoch at or above the reserved limit runs, with that
    /// epoch's number, and returns a new (exclusive) limit once it is recorded durably; a restarted runtime
    /// continues above the last limit (<see cref="SkipEpochsTo"/>). Null: numbers need not outlive the process.
    /// </summary>
    public Func<long, long>? ReserveEpochs { get; set; }

    /// <summary>Continues epoch numbering after <paramref name="epoch"/> when the current epoch is below it.</summary>
    public void SkipEpochsTo(long epoch)
    {
        lock (gate)
        {
            if (epoch > CurrentEpoch)
                CurrentEpoch = epoch;
        }
    }

    /// <summary>Runs one epoch now with everything queued (FLUSH, implicit flush, tests); returns its number.</summary>
    public long RunEpoch()
    {
        lock (gate)
            return RunEpochLocked();
    }

    /// <summary>Runs one epoch and returns its number once committed (FLUSH from an async caller).</summary>
    public Task<long> FlushAsync() => Task.Run(RunEpoch);

    /// <summary>True when a table or source has input waiting for an epoch.</summary>
    public bool HasPendingInput
    {
        get
        {
            lock (gate)
                return tables.Values.Any(t => t.Queued.Count > 0)
                    || sources.Values.Any(s => s.Injected.Count > 0 || s.Unlogged.Count > 0 || (s.Readers.Count > 0 && s.StoppedBy is null && s.Connector?.HasPending == true));
        }
    }

    /// <summary>
    /// True when nothing is queued and every source that something reads is bounded and has delivered
    /// everything (a source nobody reads is not read, so it cannot hold the engine busy).
    /// </summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
                return !HasPendingInput && sources.Values.All(s => s.Connector is null || s.Readers.Count == 0 || s.StoppedBy is not null || s.Connector.IsExhausted);
        }
    }

    /// <summary>
    /// Called before an epoch runs that takes input or advances a watermark (an epoch without either
    /// changes nothing), with what defines it; returns once the record is as durable as the caller
    /// wants (write-ahead). When it throws, the
    /// epoch does not run: the table changes stay queued and the rows polled from sources are kept
    /// for the next epoch, so nothing is lost. Null: epochs are not logged.
    /// </summary>
    public Action<EpochRecord>? EpochLog { get; set; }

    /// <summary>
    /// Completes once every record handed to <see cref="EpochLog"/> so far is durable; sinks that write
    /// after the epoch (<see cref="IEpochLogFollower"/>) wait for it before writing. Null: nothing to wait for.
    /// </summary>
    public Func<CancellationToken, Task>? WaitForEpochLog { get; set; }

    /// <summary>
    /// Called at the end of every epoch handed to <see cref="EpochLog"/> that ran to its end (its
    /// changes committed and published), under the runtime's lock, with the epoch's record: the
    /// moment a durable server may capture what the epoch changed (<see cref="TryWriteEpochDelta"/>).
    /// It must not throw. Null: nothing is called.
    /// </summary>
    public Action<EpochRecord>? EpochCompleted { get; set; }

    private long logPosition;

    /// <summary>
    /// The caller's log position of the change just applied (a table change, a DDL statement); epochs
    /// record the last one applied before them. Call inside <see cref="HoldEpochs"/> together with
    /// the change, so that no epoch runs between the two.
    /// </summary>
    public void MarkLogPosition(long position)
    {
        lock (gate)
            logPosition = position;
    }

    /// <summary>
    /// Keeps epochs from running (the runtime's lock, re-entrant for the holder's own calls) until the
    /// result is disposed: a change and its <see cref="MarkLogPosition"/> are then applied as one.
    /// </summary>
    public EpochHold HoldEpochs() => new(gate);

    /// <summary>See <see cref="HoldEpochs"/>.</summary>
    public readonly struct EpochHold : IDisposable
    {
        private readonly object held;

        internal EpochHold(object gate)
        {
            held = gate;
            Monitor.Enter(held);
        }

        public void Dispose() => Monitor.Exit(held);
    }

    private bool replaying;

    /// <summary>
    /// Recovery: while true, only <see cref="ReplayEpoch"/> runs epochs; any other request to run one
    /// (a DDL statement refreshing system tables) leaves its input queued for the next replayed epoch,
    /// so that the replayed epochs keep their logged boundaries and numbers.
    /// </summary>
    public bool Replaying
    {
        get
        {
            lock (gate)
                return replaying;
        }
        set
        {
            lock (gate)
            {
                replaying = value;
                fellShort.Clear();
            }
        }
    }

    /// <summary>Sources that did not deliver a replayed epoch's rows: later replayed epochs do not wait for them again.</summary>
    private readonly HashSet<string> fellShort = [];

    /// <summary>
    /// Runs a logged epoch again (recovery): with its number (when above the current one), its
    /// processing time, every queued table change, and from each source exactly what it took then
    /// (as many rows, or up to the logged position for a source in parts: <see cref="IReplayableSource"/>),
    /// read on from the sources' current positions. A source that has not delivered its
    /// rows within <paramref name="wait"/> (a file gone, a broker away) is reported in the result.
    /// </summary>
    public EpochReplay ReplayEpoch(EpochRecord record, TimeSpan wait)
    {
        lock (gate)
        {
            var differences = new List<string>();
            RunEpochLocked(new Replay(record, wait, differences));
            return new EpochReplay(CurrentEpoch, [.. differences]);
        }
    }

    private sealed record Replay(EpochRecord Record, TimeSpan Wait, List<string> Differences);

    /// <summary>
    /// One epoch: take queued table changes and source records (bounded by
    /// <see cref="RuntimeOptions.MaxRowsPerEpoch"/>), log what the epoch takes (<see cref="EpochLog"/>),
    /// push it through every dataflow reading it, then advance watermarks, then end the epoch
    /// everywhere (views commit, sinks commit), and only then publish view changes to subscribers.
    /// </summary>
    private long RunEpochLocked() => replaying ? CurrentEpoch : RunEpochLocked(null);

    private long RunEpochLocked(Replay? replay)
    {
        long epoch = CurrentEpoch + 1;
        if (replay is not null && replay.Record.Epoch > epoch)
            epoch = replay.Record.Epoch;
        else if (replay is not null && replay.Record.Epoch < epoch)
            replay.Differences.Add($"epoch {replay.Record.Epoch} runs again as epoch {epoch} (its number was taken)");
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (ReserveEpochs is { } reserve && epoch >= epochLimit)
            epochLimit = reserve(epoch);
        long now = replay?.Record.NowMicros ?? NowMicros();
        var tableInput = TakeQueued();
        var sourceInput = replay is null ? PollSources() : PollSources(replay);
        var eventTimes = FixEventTimes(replay);
        EpochRecord? logged = null;
        // An epoch without input changes nothing unless a watermark moves (an idle partition, a forced
        // watermark): only epochs that take input or move a watermark are logged.
        if (replay is null && EpochLog is { } log
            && (tableInput.Count > 0 || sourceInput.Count > 0 || tables.Values.Cast<RelationState>().Concat(sources.Values).Any(r => r.WatermarkWouldAdvance())))
        {
            var reads = sourceInput.Select(s => new SourceRead(s.Source.Name, s.Rows, s.Source.Position));
            try
            {
                logged = new EpochRecord(epoch, logPosition, now, [.. reads]) { EventTimes = eventTimes };
                log(logged);
            }
            catch
            {
                // Nothing of the epoch ran: its table changes go back to their queues, its source rows wait for the next epoch.
                foreach (var (table, batches) in tableInput)
                    table.Queued.InsertRange(0, batches);
                foreach (var (source, batches, _) in sourceInput)
                    source.Unlogged.InsertRange(0, batches);
                throw;
            }
        }

        runningEpoch = epoch;
        clock.Current = new FunctionContext(now, now, TimeZoneInfo.Utc);
        try
        {
            foreach (var (table, batches) in tableInput)
                Push(table, batches);
            foreach (var source in sources.Values.ToList())
            {
                var injected = source.Injected.ToList();
                source.Injected.Clear();
                foreach (var batch in injected)
                {
                    using (batch)
                    {
                        source.Observe(batch);
                        Push(source, batch);
                    }
                }
            }
            foreach (var (source, batches, _) in sourceInput)
            {
                foreach (var batch in batches)
                {
                    using (batch)
                    {
                        source.Observe(batch);
                        Push(source, batch);
                    }
                }
            }
            // Late rows found while pushing this epoch's input land in their LATE DATA tables in this epoch.
            foreach (var (table, batches) in TakeQueued())
                Push(table, batches);
            foreach (var relation in tables.Values.Cast<RelationState>().Concat(sources.Values).ToList())
            {
                if (relation.NextWatermark() is long wm)
                {
                    relation.Watermark = wm;
                    int column = relation.WatermarkSpec?.Column ?? -1;
                    if (column >= 0)
                        foreach (var reader in relation.Readers.ToList())
                            DeliverWatermark(reader, new Watermark(column, wm));
                }
            }
            foreach (var table in tables.Values.ToList())
            {
                table.Committed.OnEpochEnd(epoch);
                foreach (var reader in table.Readers.ToList())
                    DeliverEpochEnd(reader, epoch);
            }
            foreach (var source in sources.Values.ToList())
                foreach (var reader in source.Readers.ToList())
                    DeliverEpochEnd(reader, epoch);
            foreach (var input in constantInputs.ToList())
                DeliverEpochEnd(input, epoch);
            EndEpochTiming();
            CurrentEpoch = epoch;
            if (CommitSourcesEachEpoch)
                foreach (var source in sources.Values)
                    Commit(source, source.Position);
        }
        finally
        {
            runningEpoch = null;
        }
        PublishChanges();
        epochDurations.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (logged is not null)
            EpochCompleted?.Invoke(logged);
        return epoch;
    }

    /// <summary>
    /// Fixes, for the epoch, the event time of every source whose connector reports one: asked once
    /// now (after the epoch's rows were polled), or taken from the replayed record. Returns what to log.
    /// </summary>
    private ImmutableArray<SourceEventTime> FixEventTimes(Replay? replay)
    {
        var fixedTimes = ImmutableArray.CreateBuilder<SourceEventTime>();
        foreach (var source in sources.Values)
        {
            if (!source.ReportsEventTime)
            {
                source.FixEventTime(null, isFixed: false);
                continue;
            }

            if (replay is null)
            {
                var reached = source.ConnectorEventTime();
                source.FixEventTime(reached, isFixed: true);
                fixedTimes.Add(new SourceEventTime(source.Name, reached));
            }
            else
            {
                var logged = replay.Record.EventTimes.FirstOrDefault(t => t.Source == source.Name);
                source.FixEventTime(logged.Reached, isFixed: logged.Source is not null);
            }
        }

        return fixedTimes.ToImmutable();
    }

    /// <summary>Every table's queued changes, taken off the queues (in table order, as they are pushed).</summary>
    private List<(TableState Table, List<Batch> Batches)> TakeQueued()
    {
        var taken = new List<(TableState, List<Batch>)>();
        foreach (var table in tables.Values)
        {
            if (table.Queued.Count == 0)
                continue;
            taken.Add((table, [.. table.Queued]));
            table.Queued.Clear();
        }
        return taken;
    }

    /// <summary>The rows this epoch takes from each source's connector, within the epoch's row budget.</summary>
    private List<(SourceState Source, List<Batch> Batches, int Rows)> PollSources()
    {
        var polled = new List<(SourceState, List<Batch>, int)>();
        int budget = Options.MaxRowsPerEpoch;
        foreach (var source in sources.Values)
        {
            var batches = new List<Batch>(source.Unlogged);
            source.Unlogged.Clear();
            int rows = batches.Sum(b => b.RowCount);
            budget -= rows;
            int limit = Math.Min(budget, source.Definition.MaxRowsPerEpoch ?? int.MaxValue);
            // A source is read only once a view or sink reads it: records read before that would be lost.
            if (source.Connector is { HasPending: true } connector && limit > 0 && source.Readers.Count > 0 && source.StoppedBy is null)
            {
                var builder = new BatchBuilder(source.Schema.Types, Math.Min(limit, 4096));
                if (!TryPoll(source, builder, () => connector.Poll(builder, limit)))
                {
                    builder.Build().Dispose();
                    builder = new BatchBuilder(source.Schema.Types, 1);
                }
                var batch = builder.Build();
                int got = batch.RowCount;
                if (got > 0)
                    batches.Add(batch);
                else
                    batch.Dispose();
                budget -= got;
                rows += got;
            }
            if (rows > 0)
                polled.Add((source, batches, rows));
        }
        return polled;
    }

    /// <summary>
    /// A replayed epoch takes from each source exactly what it took then (the logged number of rows, or
    /// for a source in parts everything up to the logged position), waiting for it if need be.
    /// </summary>
    private List<(SourceState Source, List<Batch> Batches, int Rows)> PollSources(Replay replay)
    {
        var polled = new List<(SourceState, List<Batch>, int)>();
        foreach (var read in replay.Record.Sources)
        {
            if (!sources.TryGetValue(read.Source, out var source) || source.Connector is not { } connector || !source.Started)
            {
                replay.Differences.Add($"source \"{read.Source}\" is not there to read {read.Rows} row(s) from");
                continue;
            }
            if (connector is IPacedSource paced)
                paced.CatchUpTo(read.Position);
            var builder = new BatchBuilder(source.Schema.Types, Math.Min(read.Rows, 4096));
            long deadline = Environment.TickCount64 + (fellShort.Contains(read.Source) ? 0 : (long)replay.Wait.TotalMilliseconds);
            // A source in parts (Kafka partitions) reads up to the logged position part by part; others
            // read the logged number of records.
            var exact = connector as IReplayableSource;
            while (exact is null ? builder.Count < read.Rows : !exact.HasReached(read.Position))
            {
                int before = builder.Count;
                if (connector.HasPending && source.StoppedBy is null
                    && !TryPoll(source, builder, () => exact is null ? connector.Poll(builder, read.Rows - builder.Count) : exact.PollTo(builder, read.Position)))
                    break;
                if (builder.Count > before)
                    continue;
                if (connector.IsExhausted || source.StoppedBy is not null || Environment.TickCount64 > deadline)
                    break;
                Thread.Sleep(1);
            }
            if (builder.Count < read.Rows || exact?.HasReached(read.Position) == false)
            {
                fellShort.Add(read.Source);
                replay.Differences.Add($"source \"{read.Source}\" delivered {builder.Count} of the {read.Rows} row(s) epoch {replay.Record.Epoch} took");
            }
            else if (source.Position != read.Position)
                replay.Differences.Add($"source \"{read.Source}\" is at {source.Position.Value} after epoch {replay.Record.Epoch}, which ended at {read.Position.Value}");
            var batch = builder.Build();
            polled.Add((source, [batch], batch.RowCount));
        }
        return polled;
    }

    /// <summary>
    /// Polls a source's connector into <paramref name="builder"/> and keeps its position. A connector
    /// that stops at a record it may not go past (<see cref="SourceStoppedException"/>) keeps the rows
    /// before it; any other error from the connector loses this poll's rows (false: the caller drops
    /// <paramref name="builder"/>), whose position is not taken, so a restart reads them again. Either
    /// way the source is stopped (<see cref="SourceState.StoppedBy"/>) and the rest of the runtime goes on.
    /// </summary>
    private bool TryPoll(SourceState source, BatchBuilder builder, Func<SourcePosition> poll)
    {
        try
        {
            source.Position = poll();
            return true;
        }
        catch (SourceStoppedException e)
        {
            if (e.Position is { } position)
                source.Position = position;
            StopSource(source, e.Error);
            return true;
        }
        catch (SqlStateException e)
        {
            StopSource(source, e);
            return false;
        }
    }

    private void StopSource(SourceState source, SqlStateException error)
    {
        source.StoppedBy = error;
        source.Stopping.Cancel();
        SourceStopped?.Invoke(source.Name, error);
    }

    /// <summary>Raised (on the epoch's thread, under the runtime's lock) when a source stops at a record it may not go past.</summary>
    public event Action<string, SqlStateException>? SourceStopped;

    /// <summary>The sources that stopped at a record they may not go past, with the error (by name).</summary>
    public IReadOnlyList<(string Source, SqlStateException Error)> StoppedSources()
    {
        lock (gate)
            return [.. sources.Values.Where(s => s.StoppedBy is not null).OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (s.Name, s.StoppedBy!))];
    }

    private readonly EpochDurationRecorder epochDurations = new();

    /// <summary>How long the epochs run so far took, as a histogram.</summary>
    public EpochDurations GetEpochDurations()
    {
        lock (gate)
            return epochDurations.Snapshot();
    }

    private void Push(TableState table, List<Batch> batches)
    {
        foreach (var batch in batches)
        {
            using (batch)
            {
                table.Observe(batch);
                table.Committed.OnBatch(batch);
                Push(table, batch);
            }
        }
    }

    private void Push(RelationState relation, Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        foreach (var reader in relation.Readers.ToList())
            Deliver(reader, batch);
    }

    /// <summary>A view's epoch ended: forward its consolidated changes to views reading it, and queue them for subscribers.</summary>
    private void OnViewCommitted(ViewState view, long epoch, IReadOnlyList<(object?[] Row, int Weight)> changes, IReadOnlyList<Watermark> marks)
    {
        if (changes.Count > 0)
        {
            view.RecordsRead += changes.Count;
            if (view.Readers.Count > 0)
            {
                using var batch = Batch.FromRows(view.Schema.Types, changes);
                foreach (var reader in view.Readers.ToList())
                    Deliver(reader, batch);
            }
            if (view.Subscribers.Count > 0 || view.History is not null)
                pendingChanges.Add((view, new ViewChange(epoch, [.. changes.Select(c => new ChangeRow(c.Row, c.Weight))])));
        }
        foreach (var mark in marks)
            foreach (var reader in view.Readers.ToList())
                DeliverWatermark(reader, mark);
        foreach (var reader in view.Readers.ToList())
            DeliverEpochEnd(reader, epoch);
    }

    private void PublishChanges()
    {
        long now = clock.Current.ProcTimeMicros;
        foreach (var (view, change) in pendingChanges)
        {
            view.History?.Add(change, now);
            foreach (var sub in view.Subscribers.ToList())
                if (!sub.Offer(change))
                    view.Subscribers.Remove(sub);
        }
        pendingChanges.Clear();
        foreach (var view in views.Values)
            if (view.History is { } history)
                history.ForgetBefore(now - (long)Math.Min(history.Retention.TotalMicroseconds, long.MaxValue / 2));
    }

    /// <summary>Starts the background loop (epochs when input is waiting, or every tick).</summary>
    public void Start()
    {
        lock (gate)
        {
            if (loop is not null)
                return;
            loopStop = new CancellationTokenSource();
            var token = loopStop.Token;
            loop = Task.Run(() => Loop(token));
        }
    }

    private async Task Loop(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (!HasPendingInput)
                    await wake.WaitAsync(Options.TickInterval, token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                RunEpoch();
            }
            catch (SqlStateException e)
            {
                // An error in data stops this epoch, not the server; it is reported, and the next epoch runs.
                LastError = e;
                EpochFailed?.Invoke(e);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug must not end the loop either: every later epoch, of every view, would wait for ever.
                var error = new SqlStateException("XX000", $"internal error in an epoch: {e.Message}", detail: e.GetType().Name);
                LastError = error;
                EpochFailed?.Invoke(error);
            }
        }
    }

    /// <summary>The last error raised by an epoch run by the background loop.</summary>
    public SqlStateException? LastError { get; private set; }

    /// <summary>Raised (on the loop's thread) when an epoch run by the background loop fails.</summary>
    public event Action<SqlStateException>? EpochFailed;

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            try
            {
                wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: the loop will run an epoch anyway.
            }
        }
    }

    /// <summary>Stops the background loop after its current epoch.</summary>
    public async Task StopAsync()
    {
        Task? running;
        lock (gate)
        {
            running = loop;
            loopStop?.Cancel();
            loop = null;
        }
        if (running is not null)
        {
            try
            {
                await running;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
