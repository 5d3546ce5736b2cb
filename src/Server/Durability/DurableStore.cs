using System.Collections.Immutable;
using System.Text;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.State;

namespace StreamSql.Server.Durability;

/// <summary>
/// The durable side of one server: its locked <see cref="DataDirectory"/>, the catalog log, the
/// table log and the checkpoints. Appends come from the engine's single writer (under its gate)
/// and only write to the operating system; <see cref="WaitDurable"/> then forces them to disk
/// outside the gate, so statements of concurrent sessions that arrive during one fsync share the
/// next one (group commit).
/// <para>Record payloads (after the <see cref="RecordLog"/> frame), little-endian:</para>
/// <code>
/// catalog.log: i64 lsn, string sql                        (BinaryWriter strings: 7-bit length + UTF-8)
/// tables/:     i64 lsn, string table, i32 n, n x (i32 weight, row as ValueCodec.WriteRow)
///          or: i64 -1, i64 epoch, i64 log position (LSN), i64 processing time (µs), i32 n, n x (string source, i32 rows, string position)
/// </code>
/// The second form is the epoch log: the runtime's epoch loop describes every epoch before it runs
/// (<see cref="AppendEpoch"/>). It shares the table log's file, so one fsync covers a statement and
/// the epoch that carried it. Every append to the table log happens with the runtime's epochs held
/// (a DML statement holds them, the epoch loop runs under them), so appends never interleave.
/// </summary>
public sealed class DurableStore : IDisposable
{
    private readonly object _flushLock = new();
    private readonly DataDirectory _directory;
    private readonly RecordLog _catalog;
    private readonly TableLog _tables;
    private readonly CheckpointStore _checkpoints;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _periodicFlush;
    private long _lastLsn;
    private long _durableLsn;
    private long _lastTableRecordStart;
    private long _lastStatementStart;
    // Every DDL statement in the catalog log, for compaction's rebuild of the state (CatalogUpTo).
    private readonly List<LoggedStatement> _statements;
    private long _epochsAppended;
    private long _epochsDurable;

    private DurableStore(DurabilityOptions options, DataDirectory directory, RecordLog catalog, TableLog tables, CheckpointStore checkpoints, long lastLsn, List<LoggedStatement> statements)
    {
        _statements = statements;
        Options = options;
        _directory = directory;
        _catalog = catalog;
        _tables = tables;
        _checkpoints = checkpoints;
        _lastLsn = lastLsn;
        _durableLsn = lastLsn;
        if (options.Fsync == FsyncPolicy.Periodic)
            _periodicFlush = Task.Run(() => FlushPeriodicallyAsync(_stop.Token));
    }

    public DurabilityOptions Options { get; }

    public string DirectoryPath => _directory.Path;

    /// <summary>LSN of the last appended record (read under the engine's gate: the state includes it).</summary>
    public long LastLsn => Volatile.Read(ref _lastLsn);

    /// <summary>
    /// Locks the data directory, reads both logs (cutting torn tails, said in the log) and the newest
    /// intact checkpoint, and says what must be replayed. The caller replays the plan, then appends.
    /// </summary>
    public static DurableStore Open(DurabilityOptions options, out RecoveryPlan plan)
    {
        var log = options.Log;
        var directory = DataDirectory.Open(options.DataDirectory);
        RecordLog? catalog = null;
        TableLog? tables = null;
        try
        {
            var statements = new List<LoggedStatement>();
            catalog = RecordLog.Open(directory.CatalogLogPath, p => statements.Add(DecodeStatement(p)), log);
            // The checkpoint first: table changes it already holds are only counted, not decoded (the
            // log may keep a large one for falling back to an older checkpoint).
            var checkpoints = new CheckpointStore(directory.StatePath, log);
            var (chain, checkpointLsn) = checkpoints.LoadNewest();
            var changes = new List<LoggedTableChange>();
            var epochs = new List<EpochRecord>();
            int coveredChanges = 0;
            long lastChange = 0;
            tables = TableLog.Open(directory.TablesPath, p =>
            {
                long lsn = BitConverter.ToInt64(p.Span);
                if (lsn == EpochMarker)
                {
                    epochs.Add(DecodeEpoch(p));
                    return;
                }

                lastChange = Math.Max(lastChange, lsn);
                if (lsn > checkpointLsn)
                    changes.Add(DecodeTableChange(p));
                else
                    coveredChanges++;
            }, log);

            var replay = statements.Where(s => s.Lsn > checkpointLsn).Cast<LogEntry>()
                .Concat(changes)
                .OrderBy(e => e.Lsn)
                .ToImmutableArray();
            plan = new RecoveryPlan([.. statements.Where(s => s.Lsn <= checkpointLsn)], chain, checkpointLsn, replay,
                [.. epochs.OrderBy(e => e.Epoch)]);
            // A segment holding only epoch records is named by an LSN no record has: count it too, so
            // that the new segment is a new file.
            long last = Math.Max(Math.Max(checkpointLsn, tables.NewestSegment), Math.Max(
                statements.Count == 0 ? 0 : statements[^1].Lsn, lastChange));
            tables.StartSegment(last + 1);
            log.WriteLine($"recovery: {directory.Path}: {statements.Count} DDL statement(s) in the catalog log, " +
                $"{changes.Count + coveredChanges} table change(s) and {epochs.Count} epoch(s) in the table log, " +
                (chain.Count == 0 ? "no checkpoint" : $"checkpoint at log sequence number {checkpointLsn}") +
                $"; replaying {replay.Length} logged change(s) after it");
            return new DurableStore(options, directory, catalog, tables, checkpoints, last, statements);
        }
        catch
        {
            tables?.Dispose();
            catalog?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Appends a successful DDL statement; returns its LSN. Call under the engine's gate.</summary>
    public long AppendStatement(string sql)
    {
        long lsn = _lastLsn + 1;
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(lsn);
            w.Write(sql);
        }

        Write(() =>
        {
            _lastStatementStart = _catalog.Length;
            _catalog.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }, "catalog log");
        lock (_statements)
            _statements.Add(new LoggedStatement(lsn, sql));
        Volatile.Write(ref _lastLsn, lsn);
        return lsn;
    }

    /// <summary>Takes back the DDL statement just appended as <paramref name="lsn"/> (applying it failed). Call under the engine's gate.</summary>
    public void RemoveLastStatement(long lsn)
    {
        if (lsn != _lastLsn)
            throw new InvalidOperationException($"log record {lsn} is not the last one ({_lastLsn})");
        lock (_flushLock)
        {
            Write(() => _catalog.Truncate(_lastStatementStart), "catalog log");
            lock (_statements)
                _statements.RemoveAt(_statements.Count - 1);
            Volatile.Write(ref _lastLsn, lsn - 1);
            if (_durableLsn > lsn - 1)
                Volatile.Write(ref _durableLsn, lsn - 1);
        }
    }

    /// <summary>
    /// Appends the delta of one DML statement; returns its LSN. Call under the engine's gate with
    /// the runtime's epochs held, before the delta is applied.
    /// </summary>
    public long AppendTableChange(string table, IReadOnlyList<(object?[] Row, int Weight)> rows)
    {
        long lsn = _lastLsn + 1;
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(lsn);
            w.Write(table);
            w.Write(rows.Count);
            foreach (var (row, weight) in rows)
            {
                w.Write(weight);
                ValueCodec.WriteRow(w, row);
            }
        }

        Write(() => _lastTableRecordStart = _tables.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), "table log");
        Volatile.Write(ref _lastLsn, lsn);
        return lsn;
    }

    /// <summary>
    /// Takes back the table change just appended as <paramref name="lsn"/> (the table refused it, so
    /// the statement failed and nothing of it may be replayed). Call under the engine's gate.
    /// </summary>
    public void RemoveLastTableChange(long lsn)
    {
        if (lsn != _lastLsn)
            throw new InvalidOperationException($"log record {lsn} is not the last one ({_lastLsn})");
        lock (_flushLock)
        {
            Write(() => _tables.CutBack(_lastTableRecordStart), "table log");
            Volatile.Write(ref _lastLsn, lsn - 1);
            if (_durableLsn > lsn - 1)
                Volatile.Write(ref _durableLsn, lsn - 1);
        }
    }

    /// <summary>
    /// Logs what an epoch takes, before it runs (the runtime's <c>EpochLog</c>, called with its epochs
    /// held). Under <see cref="FsyncPolicy.Always"/> the record of an epoch that took source records is
    /// on disk when this returns (the records are read again only as far as a durable record says);
    /// one of table changes alone goes to disk with the statement's own fsync (<see cref="WaitDurable"/>),
    /// before the statement is acknowledged. A full disk throws 53100 and the epoch does not run.
    /// </summary>
    public void AppendEpoch(EpochRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(EpochMarker);
            w.Write(record.Epoch);
            w.Write(record.LogPosition);
            w.Write(record.NowMicros);
            w.Write(record.Sources.Length);
            foreach (var read in record.Sources)
            {
                w.Write(read.Source);
                w.Write(read.Rows);
                w.Write(read.Position.Value);
            }

            // Appended to the format: records without it still read (their event times are asked for again).
            w.Write(record.EventTimes.Length);
            foreach (var time in record.EventTimes)
            {
                w.Write(time.Source);
                w.Write(time.Reached.HasValue);
                w.Write(time.Reached ?? 0);
            }
        }

        Write(() => _tables.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), "table log");
        Interlocked.Increment(ref _epochsAppended);
        if (Options.Fsync == FsyncPolicy.Always && record.Sources.Any(s => s.Rows > 0))
            FlushTo(Volatile.Read(ref _lastLsn), Volatile.Read(ref _epochsAppended));
    }

    /// <summary>Epoch records appended so far (read under the engine's gate right after a statement: its epoch is among them).</summary>
    public long EpochsAppended => Volatile.Read(ref _epochsAppended);

    /// <summary>
    /// Returns once the record <paramref name="lsn"/> and the first <paramref name="epochs"/> epoch
    /// records (those of the statement's own epoch and before) are as durable as the policy asks: on
    /// disk under <see cref="FsyncPolicy.Always"/>. One caller fsyncs for everyone appended before it.
    /// </summary>
    public void WaitDurable(long lsn, long epochs = 0)
    {
        if (Options.Fsync != FsyncPolicy.Always || IsDurable(lsn, epochs))
            return;
        FlushTo(lsn, epochs);
    }

    /// <summary>
    /// Completes once every epoch record appended so far is on disk (under <see cref="FsyncPolicy.Always"/>;
    /// at once otherwise): a sink that writes after the epoch waits for it (the runtime's <c>WaitForEpochLog</c>).
    /// Usually the statement's own fsync has done it already.
    /// </summary>
    public Task WaitForEpochLogAsync(CancellationToken cancellationToken)
    {
        long epochs = EpochsAppended;
        if (Options.Fsync != FsyncPolicy.Always || Volatile.Read(ref _epochsDurable) >= epochs)
            return Task.CompletedTask;
        return Task.Run(() => FlushTo(0, epochs), cancellationToken);
    }

    private bool IsDurable(long lsn, long epochs) =>
        Volatile.Read(ref _durableLsn) >= lsn && Volatile.Read(ref _epochsDurable) >= epochs;

    /// <summary>
    /// Takes an LSN for a checkpoint whose state was just captured and starts a new table log segment
    /// after it; returns the LSN, which the checkpoint covers with everything before it. Call under
    /// the engine's gate with epochs held, so the epochs after the checkpoint are logged in the new
    /// segment. (The LSN is the checkpoint's own: two checkpoints with no change between them still
    /// start two segments, each with its epochs.)
    /// </summary>
    public long BeginCheckpoint()
    {
        lock (_flushLock)
        {
            long lsn = _lastLsn + 1;
            _tables.StartSegment(lsn + 1);
            Volatile.Write(ref _lastLsn, lsn);
            return lsn;
        }
    }

    /// <summary>Whether the next checkpoint should be a delta over the last one (<see cref="CheckpointStore.WantsDelta"/>).</summary>
    public bool WantsDeltaCheckpoint => _checkpoints.WantsDelta;

    /// <summary>
    /// Saves a checkpoint (a full snapshot, or a delta over the last one saved or loaded) of the state up to <paramref name="lsn"/> (outside the gate): the logs up
    /// to it are forced first, so the checkpoint never holds a change the logs could lose; then
    /// table log segments only the older kept checkpoint needed are deleted.
    /// </summary>
    public void SaveCheckpoint(long lsn, ReadOnlySpan<byte> state, bool delta = false)
    {
        FlushTo(lsn, EpochsAppended);
        _checkpoints.Save(lsn, state, delta);
        _tables.DeleteCoveredBy(_checkpoints.OldestKeptLsn);
    }

    /// <summary>Whether an epoch's delta can be committed now (<see cref="CheckpointStore.AcceptsEpochs"/>).</summary>
    public bool AcceptsEpochs => _checkpoints.AcceptsEpochs;

    /// <summary>
    /// Commits an epoch (outside the gate): under <see cref="FsyncPolicy.Always"/> the logs are forced
    /// up to its records first and the commit is forced to disk after them, so a commit never holds a
    /// change the logs could lose; then what the epoch changed since the last commit or checkpoint
    /// (<paramref name="delta"/>, captured at its end) is appended to the current checkpoint's epoch
    /// log. (Under the other policies neither is forced: an epoch whose commit the operating system
    /// loses runs again. Commits never span a table, source, view or sink created or dropped since
    /// the last checkpoint, whose save forces the catalog.) False
    /// when epochs cannot be committed now (<see cref="AcceptsEpochs"/>); a failed write is 53100 or
    /// 58030 as for the logs, and no epoch is committed again until the next checkpoint.
    /// </summary>
    public bool CommitEpoch(long epoch, long logPosition, long epochRecords, ReadOnlySpan<byte> delta)
    {
        bool always = Options.Fsync == FsyncPolicy.Always;
        if (always)
            FlushTo(logPosition, epochRecords);
        try
        {
            return _checkpoints.AppendEpoch(epoch, logPosition, delta, flush: always);
        }
        catch (IOException e)
        {
            throw Failure(e, "commit it", "it runs again after a crash");
        }
    }

    /// <summary>Stops committing epochs until the next checkpoint (one could not be committed: the next would build on it).</summary>
    public void StopCommittingEpochs() => _checkpoints.CloseEpochLog();

    /// <summary>Whether the chain of deltas is due for compaction (<see cref="CheckpointStore.CompactionDue"/>).</summary>
    public bool CompactionDue => _checkpoints.CompactionDue;

    /// <summary>The DDL statements logged up to <paramref name="lsn"/>, in order: the catalog of a checkpoint taken there.</summary>
    public IReadOnlyList<LoggedStatement> CatalogUpTo(long lsn)
    {
        lock (_statements)
            return [.. _statements.Where(s => s.Lsn <= lsn)];
    }

    /// <summary>The newest checkpoint's chain (<see cref="CheckpointStore.ReadNewestChain"/>), for compaction.</summary>
    public (long Sequence, long Lsn, IReadOnlyList<byte[]> Chain) ReadNewestChain() => _checkpoints.ReadNewestChain();

    /// <summary>Saves the compacted state of the chain ending at <paramref name="sequence"/> (<see cref="CheckpointStore.SaveCompacted"/>).</summary>
    public bool SaveCompacted(long sequence, long lsn, ReadOnlySpan<byte> state)
    {
        if (!_checkpoints.SaveCompacted(sequence, lsn, state))
            return false;
        _tables.DeleteCoveredBy(_checkpoints.OldestKeptLsn);
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _periodicFlush?.Wait();
        }
        catch (AggregateException)
        {
        }

        lock (_flushLock)
        {
            try
            {
                _catalog.Flush();
                _tables.Flush();
            }
            catch (IOException)
            {
                // Closing anyway: what was acknowledged under the Always policy is on disk already.
            }

            _tables.Dispose();
            _catalog.Dispose();
        }

        _checkpoints.CloseEpochLog();

        _directory.Dispose();
        _stop.Dispose();
    }

    private void FlushTo(long lsn, long epochs = 0)
    {
        lock (_flushLock)
        {
            if (IsDurable(lsn, epochs))
                return;
            long target = Volatile.Read(ref _lastLsn);
            long epochTarget = Volatile.Read(ref _epochsAppended);
            try
            {
                _catalog.Flush();
                _tables.Flush();
            }
            catch (IOException e)
            {
                throw Failure(e, "flush the logs");
            }

            Volatile.Write(ref _durableLsn, target);
            Volatile.Write(ref _epochsDurable, epochTarget);
        }
    }

    private async Task FlushPeriodicallyAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.FsyncInterval, ct);
                FlushTo(Volatile.Read(ref _lastLsn), EpochsAppended);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SqlStateException e)
            {
                Options.Log.WriteLine($"durability: {e.Message}");
            }
        }
    }

    private static void Write(Action append, string what)
    {
        try
        {
            append();
        }
        catch (IOException e)
        {
            throw Failure(e, $"write to the {what}");
        }
    }

    /// <summary>ENOSPC is 53100 (disk_full), as PostgreSQL reports it; other I/O errors are 58030 (io_error).</summary>
    private static SqlStateException Failure(IOException e, string action, string consequence = "nothing of this statement was applied")
    {
        const int Enospc = 28;
        bool full = (e.HResult & 0xFFFF) == Enospc || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
        return full
            ? new SqlStateException("53100", $"could not {action}: no space left on device; {consequence}",
                hint: "free space in the data directory's file system; the server continues once it can write again")
            : new SqlStateException("58030", $"could not {action}: {e.Message}");
    }

    private static LoggedStatement DecodeStatement(ReadOnlyMemory<byte> payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
        return new LoggedStatement(r.ReadInt64(), r.ReadString());
    }

    /// <summary>First eight bytes of an epoch record in the table log (a table change starts with its LSN, always positive).</summary>
    private const long EpochMarker = -1;

    private static EpochRecord DecodeEpoch(ReadOnlyMemory<byte> payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
        r.ReadInt64();
        long epoch = r.ReadInt64();
        long position = r.ReadInt64();
        long now = r.ReadInt64();
        int n = r.ReadInt32();
        var reads = ImmutableArray.CreateBuilder<SourceRead>(n);
        for (int i = 0; i < n; i++)
            reads.Add(new SourceRead(r.ReadString(), r.ReadInt32(), new SourcePosition(r.ReadString())));
        var times = ImmutableArray<SourceEventTime>.Empty;
        if (r.BaseStream.Position < r.BaseStream.Length)
        {
            int m = r.ReadInt32();
            var builder = ImmutableArray.CreateBuilder<SourceEventTime>(m);
            for (int i = 0; i < m; i++)
            {
                var source = r.ReadString();
                bool has = r.ReadBoolean();
                long reached = r.ReadInt64();
                builder.Add(new SourceEventTime(source, has ? reached : null));
            }

            times = builder.MoveToImmutable();
        }

        return new EpochRecord(epoch, position, now, reads.MoveToImmutable()) { EventTimes = times };
    }

    private static LoggedTableChange DecodeTableChange(ReadOnlyMemory<byte> payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
        long lsn = r.ReadInt64();
        var table = r.ReadString();
        int n = r.ReadInt32();
        var rows = ImmutableArray.CreateBuilder<(object?[] Row, int Weight)>(n);
        for (int i = 0; i < n; i++)
        {
            int weight = r.ReadInt32();
            rows.Add((ValueCodec.ReadRow(r), weight));
        }

        return new LoggedTableChange(lsn, table, rows.MoveToImmutable());
    }
}
