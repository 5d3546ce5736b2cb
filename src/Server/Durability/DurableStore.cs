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
/// offsets/:    i64 epoch, i64 log position (LSN), i64 processing time (µs), i32 n, n x (string source, i32 rows, string position)
/// </code>
/// The epoch log (<c>offsets/</c>) is written by the runtime's epoch loop, one record per epoch that
/// takes input, before the epoch runs; it has its own lock and is forced to disk per record under
/// <see cref="FsyncPolicy.Always"/>.
/// </summary>
public sealed class DurableStore : IDisposable
{
    private readonly object _flushLock = new();
    private readonly DataDirectory _directory;
    private readonly RecordLog _catalog;
    private readonly SegmentedLog _tables;
    private readonly SegmentedLog _epochs;
    private readonly object _epochLock = new();
    private long _checkpointEpoch;
    private readonly CheckpointStore _checkpoints;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _periodicFlush;
    private long _lastLsn;
    private long _durableLsn;
    private long _lastTableRecordStart;
    private long _lastStatementStart;

    private DurableStore(DurabilityOptions options, DataDirectory directory, RecordLog catalog, SegmentedLog tables, SegmentedLog epochs,
        CheckpointStore checkpoints, long lastLsn)
    {
        _epochs = epochs;
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
        SegmentedLog? tables = null;
        SegmentedLog? epochs = null;
        try
        {
            var statements = new List<LoggedStatement>();
            catalog = RecordLog.Open(directory.CatalogLogPath, p => statements.Add(DecodeStatement(p)), log);
            var changes = new List<LoggedTableChange>();
            tables = SegmentedLog.Open(directory.TablesPath, "wal", p => changes.Add(DecodeTableChange(p)), log);
            var epochRecords = new List<EpochRecord>();
            epochs = SegmentedLog.Open(directory.OffsetsPath, "epochs", p => epochRecords.Add(DecodeEpoch(p)), log);
            var checkpoints = new CheckpointStore(directory.StatePath, log);
            var (body, checkpointLsn) = checkpoints.LoadNewest();

            var replay = statements.Where(s => s.Lsn > checkpointLsn).Cast<LogEntry>()
                .Concat(changes.Where(c => c.Lsn > checkpointLsn))
                .OrderBy(e => e.Lsn)
                .ToImmutableArray();
            plan = new RecoveryPlan([.. statements.Where(s => s.Lsn <= checkpointLsn)], body, checkpointLsn, replay,
                [.. epochRecords.OrderBy(e => e.Epoch)]);
            long last = Math.Max(checkpointLsn, Math.Max(
                statements.Count == 0 ? 0 : statements[^1].Lsn,
                changes.Count == 0 ? 0 : changes.Max(c => c.Lsn)));
            tables.StartSegment(last + 1);
            epochs.StartSegment(epochRecords.Count == 0 ? 1 : epochRecords.Max(e => e.Epoch) + 1);
            log.WriteLine($"recovery: {directory.Path}: {statements.Count} DDL statement(s) in the catalog log, " +
                $"{changes.Count} table change(s) in the table log, {epochRecords.Count} epoch(s) in the epoch log, " +
                (body is null ? "no checkpoint" : $"checkpoint at log sequence number {checkpointLsn}") +
                $"; replaying {replay.Length} logged change(s) after it");
            return new DurableStore(options, directory, catalog, tables, epochs, checkpoints, last);
        }
        catch
        {
            epochs?.Dispose();
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
            Volatile.Write(ref _lastLsn, lsn - 1);
            if (_durableLsn > lsn - 1)
                Volatile.Write(ref _durableLsn, lsn - 1);
        }
    }

    /// <summary>Appends the delta of one DML statement; returns its LSN. Call under the engine's gate, before the delta is applied.</summary>
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
    /// Logs what an epoch takes before it runs (the runtime's <c>EpochLog</c>, on its epoch loop); under
    /// <see cref="FsyncPolicy.Always"/> it is on disk when this returns. A full disk throws 53100 and the
    /// epoch does not run.
    /// </summary>
    public void AppendEpoch(EpochRecord record)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
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
        }

        lock (_epochLock)
        {
            Write(() => _epochs.Append(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), "epoch log");
            if (Options.Fsync == FsyncPolicy.Always)
                Write(_epochs.Flush, "epoch log");
        }
    }

    /// <summary>The epoch the recovered checkpoint covers (epoch log segments up to it may go once a newer checkpoint is saved).</summary>
    public void RecoveredCheckpointAt(long epoch) => _checkpointEpoch = epoch;

    /// <summary>
    /// Returns once the record <paramref name="lsn"/> is as durable as the policy asks: on disk
    /// under <see cref="FsyncPolicy.Always"/>. One caller fsyncs for everyone appended before it.
    /// </summary>
    public void WaitDurable(long lsn)
    {
        if (Options.Fsync != FsyncPolicy.Always || Volatile.Read(ref _durableLsn) >= lsn)
            return;
        FlushTo(lsn);
    }

    /// <summary>
    /// Starts new table and epoch log segments after <paramref name="lsn"/> and <paramref name="epoch"/>;
    /// call under the engine's gate, with epochs held, right after the state for a checkpoint at
    /// <paramref name="lsn"/> (epoch <paramref name="epoch"/>) was captured.
    /// </summary>
    public void BeginCheckpoint(long lsn, long epoch)
    {
        lock (_flushLock)
            _tables.StartSegment(lsn + 1);
        lock (_epochLock)
            _epochs.StartSegment(epoch + 1);
    }

    /// <summary>
    /// Saves a checkpoint of the state up to <paramref name="lsn"/> (outside the gate): the logs up
    /// to it are forced first, so the checkpoint never holds a change the logs could lose; then
    /// table and epoch log segments only the older kept checkpoint needed are deleted.
    /// </summary>
    public void SaveCheckpoint(long lsn, long epoch, ReadOnlySpan<byte> state)
    {
        FlushTo(lsn);
        lock (_epochLock)
            Write(_epochs.Flush, "epoch log");
        _checkpoints.Save(lsn, state);
        _tables.DeleteCoveredBy(_checkpoints.OldestKeptLsn);
        // The checkpoint before this one is now the older kept one: epochs it covers are never run again.
        _epochs.DeleteCoveredBy(_checkpointEpoch);
        _checkpointEpoch = epoch;
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
                lock (_epochLock)
                    _epochs.Flush();
            }
            catch (IOException)
            {
                // Closing anyway: what was acknowledged under the Always policy is on disk already.
            }

            lock (_epochLock)
                _epochs.Dispose();
            _tables.Dispose();
            _catalog.Dispose();
        }

        _directory.Dispose();
        _stop.Dispose();
    }

    private void FlushTo(long lsn)
    {
        lock (_flushLock)
        {
            if (_durableLsn >= lsn)
                return;
            long target = Volatile.Read(ref _lastLsn);
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
        }
    }

    private async Task FlushPeriodicallyAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Options.FsyncInterval, ct);
                FlushTo(Volatile.Read(ref _lastLsn));
                lock (_epochLock)
                    Write(_epochs.Flush, "epoch log");
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
    private static SqlStateException Failure(IOException e, string action)
    {
        const int Enospc = 28;
        bool full = (e.HResult & 0xFFFF) == Enospc || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
        return full
            ? new SqlStateException("53100", $"could not {action}: no space left on device; nothing of this statement was applied",
                hint: "free space in the data directory's file system; the server continues once it can write again")
            : new SqlStateException("58030", $"could not {action}: {e.Message}");
    }

    private static LoggedStatement DecodeStatement(ReadOnlyMemory<byte> payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
        return new LoggedStatement(r.ReadInt64(), r.ReadString());
    }

    private static EpochRecord DecodeEpoch(ReadOnlyMemory<byte> payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload.ToArray()), Encoding.UTF8);
        long epoch = r.ReadInt64();
        long position = r.ReadInt64();
        long now = r.ReadInt64();
        int n = r.ReadInt32();
        var reads = ImmutableArray.CreateBuilder<SourceRead>(n);
        for (int i = 0; i < n; i++)
            reads.Add(new SourceRead(r.ReadString(), r.ReadInt32(), new SourcePosition(r.ReadString())));
        return new EpochRecord(epoch, position, now, reads.MoveToImmutable());
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
