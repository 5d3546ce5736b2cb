using System.IO.Hashing;
using System.Globalization;

namespace StreamSql.Server.Durability;

/// <summary>
/// Checkpoints of the runtime state under <c>state/</c>: full snapshots named
/// <c>checkpoint-{sequence}.ckpt</c> and deltas named <c>checkpoint-{sequence}.delta</c>, each delta
/// holding what changed since the checkpoint it builds on (its parent, the one saved just before
/// it, with that one's epoch log). Beside a checkpoint saved by this server, its epoch log
/// <c>checkpoint-{sequence}.epochs</c> (a <see cref="RecordLog"/>) holds the epochs committed after
/// it, one record each: <c>i64 epoch, i64 log position, delta body</c>, the body what changed since
/// the record (or checkpoint) before it; appending a record commits its epoch. A chain is a full
/// snapshot and the deltas after it, each file followed by its epoch log. Compaction (<see cref="SaveCompacted"/>)
/// writes the state a chain of deltas ends in as a full snapshot with the last delta's sequence,
/// beside it: the deltas after it build on either. Layout of a file:
/// <code>
/// 8 bytes  magic "SSQLCKP2" ("SSQLCKP1": written before deltas; no parent field)
/// i64      LSN: every logged change up to it is in the state, none after it
/// i64      parent: the sequence of the checkpoint a delta builds on; 0 for a full snapshot
/// i64      body length
/// u32      CRC-32 of the body
/// body     what StreamingRuntime.WriteCheckpoint wrote
/// </code>
/// A file is written under a temporary name, forced to disk, then renamed, so a crash leaves
/// either the old set or the new one. Two chains are kept, the newest and the one before it, so
/// that when a file of the newest chain turns out corrupt, recovery falls back to the newest state
/// it can still build (the previous chain's last state, the delta a damaged compacted snapshot
/// stands for, or the newest chain up to the damage), and the table log keeps what that state needs
/// (<see cref="OldestKeptLsn"/>). Saving and compaction may run at the same time (one lock).
/// </summary>
public sealed class CheckpointStore
{
    private const int OldHeaderSize = 28;
    private const int HeaderSize = 36;
    private static ReadOnlySpan<byte> OldMagic => "SSQLCKP1"u8;
    private static ReadOnlySpan<byte> Magic => "SSQLCKP2"u8;

    /// <summary>Deltas after which the chain is due for compaction, however small they are.</summary>
    public const int MaxDeltas = 20;

    private readonly object _lock = new();
    private readonly string _folder;
    private readonly TextWriter _log;
    private long _lastSequence;
    // The checkpoint the state in memory was last saved as or loaded from: a delta builds on it.
    private long _current;
    private long _chainFullBytes;
    private long _chainDeltaBytes;
    private int _chainDeltas;
    // The epoch log of the current checkpoint: open (created on the first append) only for a
    // checkpoint this server saved, until the next one is saved or an append fails.
    private RecordLog? _epochLog;
    private bool _epochLogOpen;

    public CheckpointStore(string folder, TextWriter log)
    {
        _folder = folder;
        _log = log;
        foreach (var tmp in Directory.EnumerateFiles(folder, "*.tmp"))
            File.Delete(tmp);
        _lastSequence = List().Keys.DefaultIfEmpty(0).Max();
    }

    /// <summary>LSN of the oldest state recovery may fall back to after the last save (what the table log must still cover), or 0.</summary>
    public long OldestKeptLsn { get; private set; }

    /// <summary>
    /// Whether the newest chain's deltas call for compaction: <see cref="MaxDeltas"/> of them, or
    /// together a quarter of the size of the full snapshot they build on (recovery reads them all,
    /// and the files before them cannot go).
    /// </summary>
    public bool CompactionDue
    {
        get
        {
            lock (_lock)
                return _chainDeltas >= MaxDeltas || (_chainDeltas > 0 && _chainDeltaBytes * 4 >= _chainFullBytes);
        }
    }

    /// <summary>
    /// Whether the next checkpoint may be a delta over the current one: there is one (saved or
    /// loaded) and its chain is within twice the compaction limits. Compaction normally keeps it
    /// there; when it cannot (it fails, or is slower than the deltas grow), the engine writes a full
    /// snapshot itself.
    /// </summary>
    public bool WantsDelta
    {
        get
        {
            lock (_lock)
                return _current > 0 && _chainDeltas < 2 * MaxDeltas && _chainDeltaBytes * 2 < _chainFullBytes;
        }
    }

    /// <summary>
    /// The newest state that reads back intact: the bodies of its full snapshot and of the deltas
    /// after it, in order, with the LSN of the last. Corrupt files are skipped and reported, and a
    /// delta whose chain has a corrupt or missing file is passed over. When checkpoints exist but no
    /// state can be built from them, the logs alone cannot rebuild it (segments covered by them were
    /// deleted): that is a <see cref="DurabilityException"/>.
    /// </summary>
    public (IReadOnlyList<byte[]> Chain, long Lsn) LoadNewest()
    {
        lock (_lock)
        {
            var files = List();
            // Each file is read (and a corrupt one reported) once, however many chains it is part of.
            var read = new Dictionary<string, FileRead>();
            FileRead Read(string path)
            {
                if (!read.TryGetValue(path, out var file))
                {
                    read[path] = file = TryRead(path);
                    if (file.Problem is not null)
                        _log.WriteLine($"recovery: checkpoint {Path.GetFileName(path)} is corrupt ({file.Problem}); falling back to the previous checkpoint");
                }

                return file;
            }

            foreach (var sequence in files.Keys.OrderDescending())
            {
                var (chain, broken) = BuildChain(files, sequence, Read);
                if (chain is null)
                {
                    if (broken is not null)
                        _log.WriteLine($"recovery: checkpoint {Path.GetFileName(files[sequence].Newest)} cannot be used ({broken}); falling back to the previous checkpoint");
                    continue;
                }

                var bodies = new List<byte[]>();
                long lsn = 0, committed = 0, lastEpoch = 0;
                string? damaged = null;
                for (int i = 0; i < chain.Count && damaged is null; i++)
                {
                    bodies.Add(chain[i].File.Body!);
                    lsn = chain[i].File.Lsn;
                    var epochs = ReadEpochLog(chain[i].Path);
                    // Only the last file's epoch log may end early (a crash during an append): the
                    // checkpoint after one was saved only once its epoch log was on disk.
                    if (epochs.Problem is not null && i < chain.Count - 1)
                    {
                        damaged = $"it builds on {Path.GetFileName(EpochLogPath(chain[i].Path))}, which is damaged ({epochs.Problem})";
                        break;
                    }

                    foreach (var (epoch, position, body) in epochs.Records)
                    {
                        bodies.Add(body);
                        lsn = Math.Max(lsn, position);
                        lastEpoch = epoch;
                        committed++;
                    }

                    if (epochs.Problem is not null)
                    {
                        _log.WriteLine($"recovery: {Path.GetFileName(EpochLogPath(chain[i].Path))}: {epochs.Problem} (a write torn by a crash); " +
                            $"recovered the {epochs.Records.Count} committed epoch(s) before it and cut off the rest");
                        CutEpochLog(chain[i].Path, epochs.Valid);
                    }
                }

                if (damaged is not null)
                {
                    _log.WriteLine($"recovery: checkpoint {Path.GetFileName(files[sequence].Newest)} cannot be used ({damaged}); falling back to the previous checkpoint");
                    continue;
                }

                var last = chain[^1];
                _log.WriteLine((chain.Count == 1
                    ? $"recovery: loaded checkpoint {Path.GetFileName(last.Path)}"
                    : $"recovery: loaded checkpoint {Path.GetFileName(chain[0].Path)} and {chain.Count - 1} delta(s) after it up to {Path.GetFileName(last.Path)}")
                    + (committed > 0 ? $" and {committed} committed epoch(s) from their epoch logs, up to epoch {lastEpoch}" : "")
                    + $" (state up to log sequence number {lsn})");
                _current = sequence;
                _epochLogOpen = false;
                Measure(chain);
                return (bodies, lsn);
            }

            if (files.Count > 0)
                throw new DurabilityException($"no intact checkpoint in \"{_folder}\" ({read.Values.Count(f => f.Problem is not null)} corrupt); the state cannot be recovered");
            return ([], 0);
        }
    }

    /// <summary>
    /// The files that rebuild the state at <paramref name="sequence"/>, oldest first: at each
    /// sequence its full snapshot when it reads back, else its delta and then the delta's parent.
    /// Null with the reason (null when the file itself was reported corrupt) when no such chain reads back.
    /// </summary>
    private static (List<(string Path, FileRead File)>? Chain, string? Broken) BuildChain(
        Dictionary<long, Files> files, long sequence, Func<string, FileRead> read)
    {
        var chain = new List<(string Path, FileRead File)>();
        for (long at = sequence; ;)
        {
            var file = files[at];
            if (file.Full is { } full && read(full) is { Problem: null } snapshot)
            {
                chain.Add((full, snapshot));
                chain.Reverse();
                return (chain, null);
            }

            if (file.Delta is not { } deltaPath)
                return (null, at == sequence ? null : $"it builds on {Path.GetFileName(file.Full)}");
            var delta = read(deltaPath);
            if (delta.Problem is not null)
                return (null, at == sequence ? null : $"it builds on {Path.GetFileName(deltaPath)}");
            chain.Add((deltaPath, delta));
            if (!files.ContainsKey(delta.Parent))
                return (null, $"checkpoint {delta.Parent} it builds on is missing");
            at = delta.Parent;
        }
    }

    /// <summary>Notes the sizes of the chain the current checkpoint ends, for <see cref="CompactionDue"/> and <see cref="WantsDelta"/>.</summary>
    private void Measure(List<(string Path, FileRead File)> chain)
    {
        _chainFullBytes = chain[0].File.Length;
        _chainDeltaBytes = chain.Skip(1).Sum(c => c.File.Length) + chain.Sum(c => EpochLogLength(c.Path));
        _chainDeltas = chain.Count - 1;
    }

    /// <summary>
    /// Writes a checkpoint durably (temporary name, fsync, rename): a full snapshot, or with
    /// <paramref name="delta"/> what changed since the checkpoint last saved or loaded. Then deletes
    /// every file older than the two newest chains.
    /// </summary>
    public void Save(long lsn, ReadOnlySpan<byte> body, bool delta = false)
    {
        lock (_lock)
        {
            if (delta && _current == 0)
                throw new InvalidOperationException("a delta needs a checkpoint to build on");
            // The epoch log the new checkpoint builds on is on disk before it.
            CloseEpochLog(flush: true);
            long sequence = ++_lastSequence;
            Write(Path.Combine(_folder, Name(sequence, delta)), lsn, delta ? _current : 0, body);
            _current = sequence;
            _epochLogOpen = true;
            if (delta)
            {
                _chainDeltas++;
                _chainDeltaBytes += body.Length;
            }
            else
            {
                _chainDeltas = 0;
                _chainDeltaBytes = 0;
                _chainFullBytes = body.Length;
            }

            DeleteOldChains();
        }
    }

    /// <summary>
    /// The newest checkpoint's sequence and LSN and the bodies that rebuild its state, for
    /// compaction; the chain is read from disk at once, so saving may go on meanwhile.
    /// </summary>
    public (long Sequence, long Lsn, IReadOnlyList<byte[]> Chain) ReadNewestChain()
    {
        lock (_lock)
        {
            if (_current == 0)
                throw new InvalidOperationException("there is no checkpoint to compact");
            var (chain, broken) = BuildChain(List(), _current, TryRead);
            if (chain is null)
                throw new IOException($"checkpoint {_current} no longer reads back ({broken ?? "corrupt"})");
            // The state the last file saved: every file with the epochs committed after it, but the last.
            var bodies = new List<byte[]>();
            for (int i = 0; i < chain.Count; i++)
            {
                bodies.Add(chain[i].File.Body!);
                if (i == chain.Count - 1)
                    break;
                var epochs = ReadEpochLog(chain[i].Path);
                if (epochs.Problem is not null)
                    throw new IOException($"{Path.GetFileName(EpochLogPath(chain[i].Path))} no longer reads back ({epochs.Problem})");
                bodies.AddRange(epochs.Records.Select(r => r.Body));
            }

            return (_current, chain[^1].File.Lsn, bodies);
        }
    }

    /// <summary>
    /// Saves <paramref name="body"/>, the full state the chain ending at the delta
    /// <paramref name="sequence"/> rebuilds, as the full snapshot of that sequence; the deltas after
    /// it now build on it, and the files before it can go once a newer chain follows. False (and
    /// nothing written) when that delta is gone meanwhile (a full snapshot followed and older files
    /// were deleted).
    /// </summary>
    public bool SaveCompacted(long sequence, long lsn, ReadOnlySpan<byte> body)
    {
        lock (_lock)
        {
            var files = List();
            if (!files.TryGetValue(sequence, out var file) || file.Delta is null || file.Full is not null)
                return false;
            Write(Path.Combine(_folder, Name(sequence, delta: false)), lsn, 0, body);
            // The chain from the newest checkpoint now starts at the compacted snapshot (or later).
            if (BuildChain(List(), _current, ReadHeaderOnly) is { Chain: { } chain })
                Measure(chain);

            DeleteOldChains();
            return true;
        }
    }

    private static void Write(string final, long lsn, long parent, ReadOnlySpan<byte> body)
    {
        var tmp = final + ".tmp";
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(8), lsn);
        BitConverter.TryWriteBytes(header.AsSpan(16), parent);
        BitConverter.TryWriteBytes(header.AsSpan(24), (long)body.Length);
        BitConverter.TryWriteBytes(header.AsSpan(32), Crc32.HashToUInt32(body));
        try
        {
            using var handle = File.OpenHandle(tmp, FileMode.Create, FileAccess.Write);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.Write(handle, body, HeaderSize);
            RandomAccess.FlushToDisk(handle);
        }
        catch
        {
            // A partial file (a full disk) would hold on to the space the next attempt needs.
            File.Delete(tmp);
            throw;
        }

        File.Move(tmp, final, overwrite: true);
    }

    /// <summary>
    /// Keeps the chain of the newest checkpoint and the chain of the newest file before it starts;
    /// the table log must reach back to that file's LSN (a damaged full snapshot falls back to it).
    /// Chains are followed by headers only (a file's body stands in as an array of its length).
    /// </summary>
    private void DeleteOldChains()
    {
        var files = List();
        if (files.Count == 0)
            return;
        long ChainStart(long sequence)
        {
            while (files.TryGetValue(sequence, out var file) && file.Full is null && file.Delta is { } delta
                && ReadHeaderOnly(delta).Parent is > 0 and var parent && files.ContainsKey(parent))
                sequence = parent;
            return sequence;
        }

        long newest = files.Keys.Max();
        long start = ChainStart(newest);
        long oldestLsn = ReadHeaderOnly(files[start].Newest).Lsn;
        long keepFrom = start;
        if (files.Keys.Where(s => s < start).DefaultIfEmpty(0).Max() is > 0 and var previous)
        {
            oldestLsn = ReadHeaderOnly(files[previous].Newest).Lsn;
            keepFrom = ChainStart(previous);
        }

        foreach (var (sequence, file) in files)
        {
            if (sequence >= keepFrom)
                continue;
            if (file.Full is not null)
                File.Delete(file.Full);
            if (file.Delta is not null)
                File.Delete(file.Delta);
        }

        foreach (var path in Directory.EnumerateFiles(_folder, "checkpoint-*.epochs"))
        {
            if (SequenceOf(path) is { } sequence && sequence < keepFrom)
                File.Delete(path);
        }

        OldestKeptLsn = oldestLsn;
    }

    /// <summary>The checkpoint files by sequence: a full snapshot, a delta, or both (a compacted delta).</summary>
    private Dictionary<long, Files> List()
    {
        var files = new Dictionary<long, Files>();
        foreach (var path in Directory.EnumerateFiles(_folder, "checkpoint-*.*"))
        {
            bool delta = path.EndsWith(".delta", StringComparison.Ordinal);
            if ((!delta && !path.EndsWith(".ckpt", StringComparison.Ordinal)) || SequenceOf(path) is not { } sequence)
                continue;
            var file = files.GetValueOrDefault(sequence);
            files[sequence] = delta ? file with { Delta = path } : file with { Full = path };
        }

        return files;
    }

    private static long? SequenceOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("checkpoint-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence)
            ? sequence : null;

    /// <summary>
    /// Whether an epoch's delta can be committed now: the current checkpoint was saved by this
    /// server (after a restart, epochs are committed from the first checkpoint on) and no append to
    /// its epoch log failed since.
    /// </summary>
    public bool AcceptsEpochs
    {
        get
        {
            lock (_lock)
                return _epochLogOpen;
        }
    }

    /// <summary>
    /// Commits an epoch: appends what it changed since the last commit or checkpoint to the current
    /// checkpoint's epoch log, forced to disk with <paramref name="flush"/>. False (nothing written)
    /// when the log does not accept epochs (<see cref="AcceptsEpochs"/>). A failed write closes the log
    /// until the next checkpoint and rethrows: a later epoch's delta would build on the one lost.
    /// </summary>
    public bool AppendEpoch(long epoch, long logPosition, ReadOnlySpan<byte> delta, bool flush)
    {
        lock (_lock)
        {
            if (!_epochLogOpen)
                return false;
            try
            {
                if (_epochLog is null)
                {
                    // A new log: nothing left over from another run may precede its first record.
                    var path = Path.Combine(_folder, EpochLogName(_current));
                    File.Delete(path);
                    _epochLog = RecordLog.Open(path, _ => { }, _log);
                }

                Span<byte> head = stackalloc byte[16];
                BitConverter.TryWriteBytes(head[..8], epoch);
                BitConverter.TryWriteBytes(head[8..], logPosition);
                _epochLog.Append(head, delta);
                if (flush)
                    _epochLog.Flush();
            }
            catch
            {
                CloseEpochLog(flush: false);
                throw;
            }

            _chainDeltaBytes += 8 + 16 + delta.Length;
            return true;
        }
    }

    /// <summary>Stops committing epochs to the current checkpoint's log (until the next checkpoint is saved).</summary>
    public void CloseEpochLog()
    {
        lock (_lock)
            CloseEpochLog(flush: false);
    }

    private void CloseEpochLog(bool flush)
    {
        _epochLogOpen = false;
        if (_epochLog is not { } log)
            return;
        _epochLog = null;
        try
        {
            if (flush)
                log.Flush();
        }
        finally
        {
            log.Dispose();
        }
    }

    private static string EpochLogName(long sequence) => $"checkpoint-{sequence.ToString("D20", CultureInfo.InvariantCulture)}.epochs";

    private static string EpochLogPath(string checkpointPath) => Path.ChangeExtension(checkpointPath, ".epochs");

    private static long EpochLogLength(string checkpointPath) =>
        new FileInfo(EpochLogPath(checkpointPath)) is { Exists: true } info ? info.Length : 0;

    /// <summary>The epochs committed in a checkpoint's epoch log (none when it has none), and what ends them early.</summary>
    private static (List<(long Epoch, long LogPosition, byte[] Body)> Records, long Valid, string? Problem) ReadEpochLog(string checkpointPath)
    {
        var path = EpochLogPath(checkpointPath);
        if (!File.Exists(path))
            return ([], 0, null);
        try
        {
            var (records, valid, size, problem) = RecordLog.Read(path);
            var epochs = new List<(long, long, byte[])>(records.Count);
            long used = 0;
            foreach (var record in records)
            {
                if (record.Length < 16)
                    return (epochs, used, $"a record of {record.Length} bytes at byte {used}");
                var span = record.Span;
                epochs.Add((BitConverter.ToInt64(span), BitConverter.ToInt64(span[8..]), span[16..].ToArray()));
                used += 8 + record.Length;
            }

            return (epochs, valid, problem is null ? null : $"{problem} at byte {valid} of {size}");
        }
        catch (IOException e)
        {
            return ([], 0, e.Message);
        }
    }

    /// <summary>Cuts a damaged tail off a checkpoint's epoch log, so that a checkpoint saved after it can build on the rest.</summary>
    private static void CutEpochLog(string checkpointPath, long valid)
    {
        using var handle = File.OpenHandle(EpochLogPath(checkpointPath), FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, valid);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>The files of one sequence; <see cref="Newest"/> is either (a compacted snapshot stands for its delta).</summary>
    private readonly record struct Files(string? Full, string? Delta)
    {
        public string Newest => Full ?? Delta!;
    }

    /// <summary>What reading a checkpoint file gave: its body (null when only the header was read, or on a problem), body length, LSN, parent.</summary>
    private readonly record struct FileRead(byte[]? Body, long Length, long Lsn, long Parent, string? Problem);

    /// <summary>A file's header only: what <see cref="TryRead"/> gives without the body (nor its checksum).</summary>
    private static FileRead ReadHeaderOnly(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var (lsn, parent, length, _, _, problem) = ReadHeader(handle);
            return new FileRead(null, length, lsn, parent, problem);
        }
        catch (IOException e)
        {
            return new FileRead(null, 0, 0, 0, e.Message);
        }
    }

    /// <summary>Reads a checkpoint: its header, then its body straight into one array of the body's size.</summary>
    private static FileRead TryRead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var (lsn, parent, length, crc, size, problem) = ReadHeader(handle);
            if (problem is not null)
                return new FileRead(null, length, lsn, parent, problem);
            var body = GC.AllocateUninitializedArray<byte>(checked((int)length));
            for (int read = 0; read < body.Length;)
            {
                int n = RandomAccess.Read(handle, body.AsSpan(read), size + read);
                if (n == 0)
                    return new FileRead(null, length, lsn, parent, "the file ended early");
                read += n;
            }

            if (Crc32.HashToUInt32(body) != crc)
                return new FileRead(null, length, lsn, parent, "checksum mismatch");
            return new FileRead(body, length, lsn, parent, null);
        }
        catch (IOException e)
        {
            return new FileRead(null, 0, 0, 0, e.Message);
        }
    }

    /// <summary>The header of a checkpoint file: LSN, parent, body length, checksum, header size; or what is wrong with it.</summary>
    private static (long Lsn, long Parent, long Length, uint Crc, int HeaderSize, string? Problem) ReadHeader(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var header = new byte[HeaderSize];
        int got = RandomAccess.Read(handle, header, 0);
        bool old = got >= OldHeaderSize && header.AsSpan(0, 8).SequenceEqual(OldMagic);
        if (!old && (got < HeaderSize || !header.AsSpan(0, 8).SequenceEqual(Magic)))
            return (0, 0, 0, 0, 0, "bad header");
        int size = old ? OldHeaderSize : HeaderSize;
        long lsn = BitConverter.ToInt64(header, 8);
        long parent = old ? 0 : BitConverter.ToInt64(header, 16);
        long length = BitConverter.ToInt64(header, old ? 16 : 24);
        long stored = RandomAccess.GetLength(handle) - size;
        if (length != stored)
            return (lsn, parent, length, 0, size, $"{stored} bytes of state where the header says {length}");
        return (lsn, parent, length, BitConverter.ToUInt32(header, old ? 24 : 32), size, null);
    }

    private static string Name(long sequence, bool delta) =>
        $"checkpoint-{sequence.ToString("D20", CultureInfo.InvariantCulture)}.{(delta ? "delta" : "ckpt")}";
}
