using System.Collections.Immutable;
using System.Diagnostics;
using StreamSql.Parser;
using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Data;
using StreamSql.Server.Durability;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    private DurableStore? _store;
    private CancellationTokenSource? _checkpointStop;
    private Task? _checkpointLoop;

    /// <summary>The data directory in use, or null when everything is kept in memory.</summary>
    public string? DataDirectory => _store?.DirectoryPath;

    /// <summary>
    /// With <see cref="EngineOptions.Durability"/>: locks the data directory and brings the engine
    /// back to its last acknowledged state (catalog log up to the newest intact checkpoint, the
    /// checkpoint, then every logged DDL and table change after it, in order); from then on every
    /// successful DDL and DML is logged. Call once, before <see cref="Start"/> and before any statement.
    /// Throws <see cref="DurabilityException"/> when the directory is locked or cannot be recovered.
    /// </summary>
    public void Recover()
    {
        if (Options.Durability is not { } durability || _store is not null)
            return;
        var clock = Stopwatch.StartNew();
        // The parser and planner get compiled while the files are read (the first statement replayed
        // would otherwise pay for it, about 0.3 s).
        var warmUp = Task.Run(WarmUpPlanner);
        var store = DurableStore.Open(durability, out var plan);
        warmUp.Wait();
        long opened = clock.ElapsedMilliseconds, catalogDone = 0, restored = 0;
        try
        {
            var session = OpenSession();
            Runtime.WaitForEpochLog = store.WaitForEpochLogAsync;
            // Connectors start once the checkpoint has said where each source resumes.
            Runtime.DeferConnectorStarts();
            // Sinks that can publish their output only once a checkpoint covers it, exactly once across crashes.
            Runtime.StageSinkOutputUntilCheckpoint = durability.CheckpointInterval > TimeSpan.Zero;
            foreach (var statement in plan.Catalog)
                Replay(session, statement);
            catalogDone = clock.ElapsedMilliseconds;
            if (plan.Checkpoints.Count > 0)
                Runtime.ReadCheckpoint(Streams(plan.Checkpoints));

            restored = clock.ElapsedMilliseconds;

            Runtime.SinksRecoveredAt(Runtime.CurrentEpoch);
            Runtime.MarkLogPosition(plan.CheckpointLsn);

            // Sources go on from the checkpoint's positions, read by the replayed epochs below only.
            Runtime.StartDeferredConnectors();
            Runtime.Replaying = true;
            var replay = new Queue<LogEntry>(plan.Replay);
            int statements = 0, changes = 0, refused = 0, epochsRun = 0;
            bool queued = false;
            // Applies the logged DDL and table changes up to an LSN. After the logged epochs, table
            // changes queued before a statement run in an epoch of their own first, as they did; while
            // epochs are replayed, the next replayed epoch takes them.
            void ApplyUpTo(long lsn)
            {
                while (replay.TryPeek(out var entry) && entry.Lsn <= lsn)
                {
                    replay.Dequeue();
                    switch (entry)
                    {
                        case LoggedStatement statement:
                            if (queued && !Runtime.Replaying)
                            {
                                Runtime.RunEpoch();
                                queued = false;
                            }

                            Replay(session, statement);
                            statements++;
                            break;
                        case LoggedTableChange change when Replay(change, durability.Log):
                            queued = true;
                            changes++;
                            break;
                        default:
                            refused++;
                            break;
                    }

                    Runtime.MarkLogPosition(entry.Lsn);
                }
            }

            // Every epoch logged after the checkpoint runs again with its number, processing time and
            // input: the table changes logged before it and the same rows of each source.
            foreach (var record in plan.Epochs.Where(e => e.Epoch > Runtime.CurrentEpoch))
            {
                ApplyUpTo(record.LogPosition);
                var replayed = Runtime.ReplayEpoch(record, EpochReplayWait);
                queued = false;
                epochsRun++;
                foreach (var difference in replayed.Differences)
                    durability.Log.WriteLine($"recovery: {difference}");
            }

            Runtime.Replaying = false;

            // Epoch numbers go on above every number the previous run may have published, also for the
            // changes logged after the last logged epoch: a subscriber or a sink's progress row never
            // sees a number twice.
            var epochs = new EpochReservation(store.DirectoryPath, durability.Fsync != FsyncPolicy.Never);
            if (epochs.Read(durability.Log) is > 0 and var limit)
            {
                Runtime.SkipEpochsTo(limit - 1);
                durability.Log.WriteLine($"recovery: new epochs start at {Runtime.CurrentEpoch + 1}");
            }

            Runtime.ReserveEpochs = epochs.Reserve;
            Runtime.EpochLog = store.AppendEpoch;
            if (durability.CheckpointInterval > TimeSpan.Zero)
            {
                Runtime.ChangesKept += _ => RequestCheckpoint();
                Runtime.EpochCompleted = CommitEpochSoon;
            }
            _store = store;
            ApplyUpTo(long.MaxValue);
            if (queued)
                Runtime.RunEpoch();
            // Sources (Kafka's consumer group) hear of positions once a checkpoint holds them.
            Runtime.CommitSourcesEachEpoch = false;
            // Epochs are committed from the first checkpoint this server saves on: one now.
            RequestCheckpoint();
            durability.Log.WriteLine($"recovery: done in {clock.ElapsedMilliseconds} ms (logs and checkpoints read in {opened} ms, " +
                $"catalog {catalogDone - opened} ms, state restored {restored - catalogDone} ms, the rest {clock.ElapsedMilliseconds - restored} ms): {Catalog.Objects.Count()} object(s) in the catalog, " +
                $"replayed {statements} DDL statement(s), {changes} table change(s) and {epochsRun} logged epoch(s) after the checkpoint" +
                (refused > 0 ? $", skipped {refused} change(s) the tables refused as they did when first run" : ""));
        }
        catch (Exception e) when (e is not DurabilityException)
        {
            _store = null;
            Runtime.EpochLog = null;
            Runtime.WaitForEpochLog = null;
            store.Dispose();
            throw new DurabilityException($"recovery of \"{store.DirectoryPath}\" failed: {e.Message}", e);
        }
        catch
        {
            _store = null;
            Runtime.EpochLog = null;
            Runtime.WaitForEpochLog = null;
            store.Dispose();
            throw;
        }
    }

    /// <summary>Checkpoint bodies as streams, publicly visible: the runtime restores the views' parts from the buffers at once.</summary>
    private static Stream[] Streams(IReadOnlyList<byte[]> bodies) =>
        [.. bodies.Select(body => new MemoryStream(body, 0, body.Length, writable: false, publiclyVisible: true))];

    /// <summary>Parses and plans DDL like a catalog's against the current catalog, applying nothing.</summary>
    private void WarmUpPlanner()
    {
        var parsed = SqlParser.Parse(
            "CREATE TABLE warm_up (k BIGINT, v TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND); " +
            "CREATE MATERIALIZED VIEW warm_up_view AS SELECT k, count(*) AS n, max(v) AS v FROM warm_up WHERE k > 0 GROUP BY k");
        var catalog = _catalog;
        foreach (var statement in parsed.Statements)
        {
            if (StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source, [])) is not { Statement: not null } planned)
                return;
            catalog = planned.Catalog;
        }
    }

    /// <summary>How long recovery waits for a source to deliver the rows of an epoch it runs again.</summary>
    private static readonly TimeSpan EpochReplayWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checkpoints the runtime state now: under the gate (so no statement is half applied) queued
    /// table changes run through an epoch and the state is serialized in memory together with the
    /// LSN it covers; the file is written and forced to disk after the gate is released.
    /// </summary>
    public Task CheckpointAsync(CancellationToken cancellationToken = default) => CheckpointAsync(SinkFlushTimeout, cancellationToken);

    private async Task CheckpointAsync(TimeSpan sinkFlushTimeout, CancellationToken cancellationToken)
    {
        if (_store is null)
            return;
        // One checkpoint at a time (the regular ones, a requested one, the last one at a stop).
        await _checkpointRun.WaitAsync(cancellationToken);
        try
        {
            await CheckpointOnceAsync(sinkFlushTimeout, cancellationToken);
        }
        finally
        {
            _checkpointRun.Release();
        }
    }

    private readonly SemaphoreSlim _checkpointRun = new(1, 1);
    private readonly RequestedCheckpoint _requestedCheckpoint = new(), _delayedCheckpoint = new();
    private readonly CancellationTokenSource _requestsStop = new();

    /// <summary>Checkpoints requested outside the regular ones: the tasks saving them, and whether one has not started yet.</summary>
    private sealed class RequestedCheckpoint
    {
        public Task Task = Task.CompletedTask;
        public int Pending;
    }

    /// <summary>
    /// Saves a checkpoint soon, outside the caller, after <paramref name="delay"/> (a view started
    /// keeping its changes for resuming subscribers: they are state only a checkpoint holds; epochs
    /// are committed again only after a checkpoint). Requests while one of the same kind (at once,
    /// or delayed) has not started yet are one; one made while it runs is another (what it asks to
    /// keep may have come after the capture). A stop drops a request still waiting for its delay
    /// (the stop checkpoints anyway).
    /// </summary>
    private void RequestCheckpoint(TimeSpan delay = default)
    {
        var request = delay > TimeSpan.Zero ? _delayedCheckpoint : _requestedCheckpoint;
        if (_store is not { } store || store.Options.CheckpointInterval <= TimeSpan.Zero || Interlocked.Exchange(ref request.Pending, 1) == 1)
            return;
        var task = Task.Run(async () =>
        {
            try
            {
                if (delay > TimeSpan.Zero)
                    await Task.Delay(delay, Options.Time, _requestsStop.Token);
                Volatile.Write(ref request.Pending, 0);
                await CheckpointAsync(CancellationToken.None);
            }
            catch (OperationCanceledException) when (_requestsStop.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is SqlStateException or IOException or UnauthorizedAccessException or TimeoutException or ObjectDisposedException)
            {
                store.Options.Log.WriteLine($"checkpoint failed: {e.Message}");
            }
        });
        // A stop waits for every request still running (one may have started before this).
        lock (request)
            request.Task = request.Task.IsCompleted ? task : Task.WhenAll(request.Task, task);
    }

    private async Task CheckpointOnceAsync(TimeSpan sinkFlushTimeout, CancellationToken cancellationToken)
    {
        if (_store is not { } store)
            return;
        // No epoch is committed from now until the checkpoint is saved: the checkpoint builds on the
        // last commit and closes its epoch log. Set under the runtime's lock, which commits are
        // started under: a commit started before is the one awaited, and none starts after.
        using (Runtime.HoldEpochs())
            Volatile.Write(ref _checkpointing, 1);
        try
        {
            await _epochCommit;
            await CaptureAndSaveCheckpointAsync(store, sinkFlushTimeout, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    private int _checkpointing;
    private Task _epochCommit = Task.CompletedTask;

    /// <summary>At most about 20 commits a second (each forces a log to disk): statements that each run an epoch share them.</summary>
    private static readonly long MinEpochCommitSpacing = Stopwatch.Frequency / 20;
    private long _nextEpochCommitAt;

    /// <summary>
    /// After an epoch (the runtime's <c>EpochCompleted</c>, under its lock): captures what the epoch
    /// changed (<see cref="Runtime.Engine.StreamingRuntime.TryWriteEpochDelta"/>) and commits it in the
    /// background (<see cref="CommitEpochAsync"/>), so that recovery restores it instead of running it
    /// again. Epochs are committed one at a time: while a commit or a checkpoint is under way, the
    /// epochs after it wait for the next commit, whose delta covers them all. A capture also waits
    /// until the epochs since the last one took 20 times what that one took, so committing costs
    /// the epochs at most about a twentieth of their time, and at least 50 ms after the last one.
    /// </summary>
    private void CommitEpochSoon(Runtime.Engine.EpochRecord record)
    {
        if (_store is not { } store || Volatile.Read(ref _checkpointing) != 0 || !_epochCommit.IsCompleted || !store.AcceptsEpochs)
            return;
        long started = Stopwatch.GetTimestamp();
        if (started < _nextEpochCommitAt)
            return;
        var delta = new MemoryStream();
        IReadOnlyDictionary<string, Runtime.Connectors.SourcePosition> positions;
        try
        {
            if (!Runtime.TryWriteEpochDelta(delta))
                return;
            positions = Runtime.SourcePositions();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The next checkpoint is a full snapshot (the runtime takes the capture as not saved).
            store.Options.Log.WriteLine($"epoch commit failed: epoch {record.Epoch} could not be captured: {e.Message}");
            return;
        }

        long epochRecords = store.EpochsAppended;
        _nextEpochCommitAt = started + Math.Max((Stopwatch.GetTimestamp() - started) * 20, MinEpochCommitSpacing);
        _epochCommit = Task.Run(() => CommitEpochAsync(store, record, epochRecords, delta, positions));
    }

    /// <summary>
    /// Commits an epoch captured by <see cref="CommitEpochSoon"/>: once sinks that write in the
    /// background have written it, its delta goes to the current checkpoint's epoch log
    /// (<see cref="DurableStore.CommitEpoch"/>); then staged sink output up to it is published and
    /// sources hear of its positions. A failure is reported and stops commits until the next
    /// checkpoint (a full snapshot): the epochs since the last commit run again after a crash.
    /// </summary>
    private async Task CommitEpochAsync(DurableStore store, Runtime.Engine.EpochRecord record, long epochRecords, MemoryStream delta,
        IReadOnlyDictionary<string, Runtime.Connectors.SourcePosition> positions)
    {
        try
        {
            await FlushSinksWithinAsync(record.Epoch, SinkFlushTimeout, "", CancellationToken.None);
            if (!store.CommitEpoch(record.Epoch, record.LogPosition, epochRecords, delta.GetBuffer().AsSpan(0, (int)delta.Length)))
                return;
            Runtime.CommitSourcePositions(positions);
            Runtime.CheckpointCompleted(record.Epoch);
        }
        catch (Exception e) when (e is SqlStateException or IOException or UnauthorizedAccessException or TimeoutException or ObjectDisposedException)
        {
            store.StopCommittingEpochs();
            store.Options.Log.WriteLine($"epoch commit failed: epoch {record.Epoch}: {e.Message}; epochs are committed again after the next checkpoint");
        }
    }

    /// <summary>
    /// Waits until sinks that write in the background have written the epochs up to
    /// <paramref name="epoch"/>; a <see cref="TimeoutException"/> (its message ending in
    /// <paramref name="consequence"/>) when that takes longer than <paramref name="timeout"/>.
    /// </summary>
    private async Task FlushSinksWithinAsync(long epoch, TimeSpan timeout, string consequence, CancellationToken cancellationToken)
    {
        using var flushLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flushLimit.CancelAfter(timeout);
        try
        {
            await Runtime.FlushSinksAsync(epoch, flushLimit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"a sink has not written epoch {epoch} within {timeout.TotalSeconds:0} s (is its destination reachable?){consequence}");
        }
    }

    private async Task CaptureAndSaveCheckpointAsync(DurableStore store, TimeSpan sinkFlushTimeout, CancellationToken cancellationToken)
    {
        long lsn, covered;
        bool delta;
        IReadOnlyDictionary<string, Runtime.Connectors.SourcePosition> positions;
        var state = new MemoryStream();
        TimeSpan captured;
        await _gate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            // No epoch may run between the state's capture and the new log segment (epochs are logged there).
            using (Runtime.HoldEpochs())
            {
                Runtime.RunEpoch();
                covered = Runtime.CurrentEpoch;
                // A delta over the last checkpoint while the deltas are small or a compaction is on its
                // way; else a full snapshot.
                delta = Runtime.WriteCheckpoint(state, delta: store.WantsDeltaCheckpoint || !_compaction.IsCompleted);
                positions = Runtime.SourcePositions();
                lsn = store.BeginCheckpoint();
            }

            captured = clock.Elapsed;
        }
        finally
        {
            _gate.Release();
        }

        // Sinks that write in the background must have written what the checkpoint says they have seen.
        await FlushSinksWithinAsync(covered, sinkFlushTimeout, "; the checkpoint is not saved", cancellationToken);

        store.SaveCheckpoint(lsn, state.GetBuffer().AsSpan(0, (int)state.Length), delta);
        Runtime.CommitSourcePositions(positions);
        Runtime.CheckpointCompleted(covered);
        store.Options.Log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"checkpoint: epoch {covered}, {(delta ? "delta" : "full snapshot")} of {state.Length / 1024.0:F1} KiB, captured in {captured.TotalMilliseconds:F0} ms (epochs held), saved after {clock.Elapsed.TotalMilliseconds:F0} ms"));
        if (delta && store.CompactionDue && _compaction.IsCompleted)
            _compaction = Task.Run(() => CompactAsync(store));
    }

    private Task _compaction = Task.CompletedTask;

    /// <summary>
    /// Compaction, in the background: the newest chain of checkpoints (a full snapshot and its
    /// deltas) is restored into an engine of its own, which replays the catalog up to the chain's
    /// LSN without connectors (<see cref="EngineMode.StateOnly"/>: no source reads, no sink
    /// writes), and its full snapshot is saved beside the chain's last delta. This engine's epochs
    /// never wait for it; it costs a second copy of the state while it runs. A failure is reported
    /// and the chain stays as it is (when it grows to twice the limits, a checkpoint is a full
    /// snapshot taken from this engine instead).
    /// </summary>
    private async Task CompactAsync(DurableStore store)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var (sequence, lsn, chain) = store.ReadNewestChain();
            store.Options.Log.WriteLine($"checkpoint: compacting checkpoint {sequence} and the {chain.Count - 1} delta(s) it ends");
            var full = new MemoryStream();
            await using (var shadow = new QueryEngine(Options with
            {
                Mode = EngineMode.StateOnly,
                Durability = null,
                Log = TextWriter.Null,
                ConsoleOutput = TextWriter.Null,
            }))
            {
                await using var session = shadow.OpenSession();
                foreach (var statement in store.CatalogUpTo(lsn))
                    shadow.Replay(session, statement);
                shadow.Runtime.ReadCheckpoint(Streams(chain));
                shadow.Runtime.WriteCheckpoint(full);
                // What /metrics reports as each view's state.
                Runtime.NoteStateSizes(shadow.Runtime.StateSizes());
            }

            if (store.SaveCompacted(sequence, lsn, full.GetBuffer().AsSpan(0, (int)full.Length)))
            {
                store.Options.Log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"checkpoint: compacted checkpoint {sequence} and the {chain.Count - 1} delta(s) it ends into a full snapshot of {full.Length / 1024.0:F1} KiB in {clock.Elapsed.TotalMilliseconds:F0} ms (in the background)"));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            store.Options.Log.WriteLine($"checkpoint: compaction failed: {e.Message}");
        }
    }

    /// <summary>How long a checkpoint waits for background sinks (a PostgreSQL sink) to write what it covers.</summary>
    private static readonly TimeSpan SinkFlushTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// On a clean stop the state is checkpointed once more, so staged sink output is published and the
    /// next start replays nothing. A failure is only reported: the logs still hold everything.
    /// </summary>
    private async Task FinalCheckpointAsync()
    {
        if (_store is not { } store || store.Options.CheckpointInterval <= TimeSpan.Zero)
            return;
        try
        {
            await CheckpointAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }
        catch (Exception e) when (e is SqlStateException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            store.Options.Log.WriteLine($"checkpoint at shutdown failed: {e.Message}");
        }
    }

    /// <summary>
    /// After logged DDL: epochs are committed again only after the next checkpoint (a full snapshot
    /// when a relation was created or dropped), so one is taken a second later (statements that
    /// follow within that second share it) rather than at the next regular one.
    /// </summary>
    private void CheckpointSoonAfterDdl() => RequestCheckpoint(TimeSpan.FromSeconds(1));

    private static bool IsLoggedDdl(PlannedStatement planned) =>
        planned is CreateTablePlan or CreateSourcePlan or CreateMaterializedViewPlan or CreateViewPlan or CreateSinkPlan or DropPlan;

    private void Replay(Session session, LoggedStatement statement)
    {
        var parsed = SqlParser.Parse(statement.Sql);
        var error = parsed.Diagnostics.FirstOrDefault(d => d.IsError);
        if (error is not null || parsed.Statements.Length != 1)
            throw new DurabilityException($"catalog log record {statement.Lsn} is not one statement: {statement.Sql}");
        var plan = StatementPlanner.Plan(parsed.Statements[0], _catalog, new PlannerOptions(parsed.Source, []));
        var planError = plan.Diagnostics.FirstOrDefault(d => d.IsError);
        if (planError is not null || plan.Statement is null)
            throw new DurabilityException($"catalog log record {statement.Lsn} no longer plans ({planError?.Message}): {statement.Sql}");
        var result = Apply(session, plan.Statement, plan.Catalog, [], null);
        if (result.Error is { } failed)
            throw new DurabilityException($"catalog log record {statement.Lsn} failed on replay ({failed.Message}): {statement.Sql}");
    }

    /// <summary>Queues one logged table change; false when the table refuses it (the statement failed when it first ran, too).</summary>
    private bool Replay(LoggedTableChange change, TextWriter log)
    {
        if (_catalog.Find(change.Table) is not Planner.TableDefinition table)
            throw new DurabilityException($"table log record {change.Lsn} changes \"{change.Table}\", which is not in the catalog");
        var types = table.Columns.Select(c => c.Type).ToImmutableArray();
        using var delta = Batch.FromRows(types, change.Rows);
        try
        {
            Runtime.ApplyDelta(table.Name, delta);
            return true;
        }
        catch (SqlStateException e)
        {
            log.WriteLine($"recovery: table log record {change.Lsn} on \"{change.Table}\" was refused again ({e.Message}); skipped");
            return false;
        }
    }

    private void StartCheckpoints()
    {
        if (_store is null || _checkpointLoop is not null || _store.Options.CheckpointInterval <= TimeSpan.Zero)
            return;
        _checkpointStop = new CancellationTokenSource();
        var ct = _checkpointStop.Token;
        var interval = _store.Options.CheckpointInterval;
        var log = _store.Options.Log;
        _checkpointLoop = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, Options.Time, ct);
                    await CheckpointAsync(ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is SqlStateException or IOException or UnauthorizedAccessException or TimeoutException)
                {
                    // The logs still hold everything; the next checkpoint tries again.
                    log.WriteLine($"checkpoint failed: {e.Message}");
                }
            }
        });
    }

    private async Task StopCheckpointsAsync()
    {
        _requestsStop.Cancel();
        await _requestedCheckpoint.Task;
        await _delayedCheckpoint.Task;
        if (_checkpointStop is null || _checkpointLoop is null)
            return;
        _checkpointStop.Cancel();
        await _checkpointLoop;
        _checkpointStop.Dispose();
    }
}
