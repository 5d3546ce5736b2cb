using System.IO.Hashing;
using System.Globalization;

namespace StreamSql.Server.Durability;

/// <summary>
/// Checkpoints of the runtime state under <c>state/</c>: full snapshots named
/// <c>checkpoint-{sequence}.ckpt</c> and deltas named <c>checkpoint-{sequence}.delta</c>, each delta
/// holding what changed since the checkpoint it builds on (its parent, the one saved just before
/// it). Layout of a file:
/// <code>
/// 8 bytes  magic "SSQLCKP2" ("SSQLCKP1": written before deltas; no parent field)
/// i64      LSN: every logged change up to it is in the state, none after it
/// i64      parent: the sequence of the checkpoint a delta builds on; 0 for a full snapshot
/// i64      body length
/// u32      CRC-32 of the body
/// body     what StreamingRuntime.WriteCheckpoint wrote
/// </code>
/// A file is written under a temporary name, forced to disk, then renamed, so a crash leaves
/// either the old set or the new one. A chain is a full snapshot and the deltas after it; two chains
/// are kept, the newest and the one before it, so that when a file of the newest chain turns out
/// corrupt, recovery falls back to the newest state it can still build (the previous chain's last
/// delta, or the newest chain up to the damage), and the table log keeps what that state needs
/// (<see cref="OldestKeptLsn"/>).
/// </summary>
public sealed class CheckpointStore
{
    private const int OldHeaderSize = 28;
    private const int HeaderSize = 36;
    private static ReadOnlySpan<byte> OldMagic => "SSQLCKP1"u8;
    private static ReadOnlySpan<byte> Magic => "SSQLCKP2"u8;

    /// <summary>Deltas after which the next checkpoint is a full snapshot again, however small they are.</summary>
    public const int MaxDeltas = 20;

    private readonly string _folder;
    private readonly TextWriter _log;
    private long _lastSequence;
    // The checkpoint the state in memory was last saved as or loaded from: a delta builds on it.
    private long _current;
    private long _chainFullBytes;
    private long _chainDeltaBytes;
    private int _chainDeltas;

    public CheckpointStore(string folder, TextWriter log)
    {
        _folder = folder;
        _log = log;
        foreach (var tmp in Directory.EnumerateFiles(folder, "*.tmp"))
            File.Delete(tmp);
        _lastSequence = List().Select(c => c.Sequence).DefaultIfEmpty(0).Max();
    }

    /// <summary>LSN of the oldest state recovery may fall back to after the last save (what the table log must still cover), or 0.</summary>
    public long OldestKeptLsn { get; private set; }

    /// <summary>
    /// Whether the next checkpoint should be a delta over the current one: there is one (saved or
    /// loaded), its chain has fewer than <see cref="MaxDeltas"/> deltas, and they add up to less than
    /// half of its full snapshot (beyond that a full snapshot compacts the chain: recovery then reads
    /// less, and older files can go).
    /// </summary>
    public bool WantsDelta => _current > 0 && _chainDeltas < MaxDeltas && _chainDeltaBytes * 2 < _chainFullBytes;

    /// <summary>
    /// The newest state that reads back intact: the bodies of its full snapshot and of the deltas
    /// after it, in order, with the LSN of the last. Corrupt files are skipped and reported, and a
    /// delta whose chain has a corrupt or missing file is passed over. When checkpoints exist but no
    /// state can be built from them, the logs alone cannot rebuild it (segments covered by them were
    /// deleted): that is a <see cref="DurabilityException"/>.
    /// </summary>
    public (IReadOnlyList<byte[]> Chain, long Lsn) LoadNewest()
    {
        var all = List().OrderByDescending(c => c.Sequence).ToList();
        var bySequence = all.ToDictionary(c => c.Sequence);
        var read = new Dictionary<long, (byte[]? Body, long Lsn, long Parent, string? Problem)>();
        (byte[]? Body, long Lsn, long Parent, string? Problem) Read(long sequence)
        {
            if (!read.TryGetValue(sequence, out var file))
                read[sequence] = file = TryRead(bySequence[sequence].Path);
            return file;
        }

        var reported = new HashSet<long>();
        foreach (var (sequence, path, _) in all)
        {
            var chain = new List<(long Sequence, byte[] Body, long Lsn)>();
            string? broken = null;
            for (long at = sequence; ;)
            {
                var (body, lsn, parent, problem) = Read(at);
                if (body is null)
                {
                    if (reported.Add(at))
                        _log.WriteLine($"recovery: checkpoint {Path.GetFileName(bySequence[at].Path)} is corrupt ({problem}); falling back to the previous checkpoint");
                    broken = at == sequence ? "" : $"it builds on {Path.GetFileName(bySequence[at].Path)}";
                    break;
                }

                chain.Add((at, body, lsn));
                if (parent == 0)
                    break;
                if (!bySequence.ContainsKey(parent))
                {
                    broken = $"checkpoint {parent} it builds on is missing";
                    break;
                }

                at = parent;
            }

            if (broken is not null)
            {
                if (broken.Length > 0)
                    _log.WriteLine($"recovery: checkpoint {Path.GetFileName(path)} cannot be used ({broken}); falling back to the previous checkpoint");
                continue;
            }

            chain.Reverse();
            var last = chain[^1];
            _log.WriteLine(chain.Count == 1
                ? $"recovery: loaded checkpoint {Path.GetFileName(path)} (state up to log sequence number {last.Lsn})"
                : $"recovery: loaded checkpoint {Path.GetFileName(bySequence[chain[0].Sequence].Path)} and {chain.Count - 1} delta(s) after it up to {Path.GetFileName(path)} (state up to log sequence number {last.Lsn})");
            _current = sequence;
            _chainFullBytes = chain[0].Body.Length;
            _chainDeltaBytes = chain.Skip(1).Sum(c => (long)c.Body.Length);
            _chainDeltas = chain.Count - 1;
            return ([.. chain.Select(c => c.Body)], last.Lsn);
        }

        if (all.Count > 0)
            throw new DurabilityException($"no intact checkpoint in \"{_folder}\" ({reported.Count} corrupt); the state cannot be recovered");
        return ([], 0);
    }

    /// <summary>
    /// Writes a checkpoint durably (temporary name, fsync, rename): a full snapshot, or with
    /// <paramref name="delta"/> what changed since the checkpoint last saved or loaded. Then deletes
    /// every file older than the two newest chains.
    /// </summary>
    public void Save(long lsn, ReadOnlySpan<byte> body, bool delta = false)
    {
        if (delta && _current == 0)
            throw new InvalidOperationException("a delta needs a checkpoint to build on");
        long sequence = ++_lastSequence;
        long parent = delta ? _current : 0;
        var final = Path.Combine(_folder, Name(sequence, delta));
        var tmp = final + ".tmp";
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(8), lsn);
        BitConverter.TryWriteBytes(header.AsSpan(16), parent);
        BitConverter.TryWriteBytes(header.AsSpan(24), (long)body.Length);
        BitConverter.TryWriteBytes(header.AsSpan(32), Crc32.HashToUInt32(body));
        using (var handle = File.OpenHandle(tmp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, header, 0);
            RandomAccess.Write(handle, body, HeaderSize);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(tmp, final, overwrite: true);
        _current = sequence;
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

        DeleteOldChains(sequence, lsn);
    }

    /// <summary>
    /// Keeps the chain of the newest checkpoint and the chain of the newest file before it starts;
    /// the table log must reach back to that file's LSN (a damaged full snapshot falls back to it).
    /// </summary>
    private void DeleteOldChains(long newest, long newestLsn)
    {
        var files = List().ToDictionary(c => c.Sequence);
        long ChainStart(long sequence)
        {
            while (files.TryGetValue(sequence, out var file) && file.Delta && HeaderOf(file.Path).Parent is > 0 and var parent && files.ContainsKey(parent))
                sequence = parent;
            return sequence;
        }

        long start = ChainStart(newest);
        long oldestLsn = files.TryGetValue(start, out var full) ? HeaderOf(full.Path).Lsn : newestLsn;
        long keepFrom = start;
        if (files.Keys.Where(s => s < start).DefaultIfEmpty(0).Max() is > 0 and var previous)
        {
            oldestLsn = HeaderOf(files[previous].Path).Lsn;
            keepFrom = ChainStart(previous);
        }

        foreach (var (sequence, file) in files)
            if (sequence < keepFrom)
                File.Delete(file.Path);
        OldestKeptLsn = oldestLsn;
    }

    private IEnumerable<(long Sequence, string Path, bool Delta)> List()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "checkpoint-*.*"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            bool delta = path.EndsWith(".delta", StringComparison.Ordinal);
            if ((delta || path.EndsWith(".ckpt", StringComparison.Ordinal))
                && long.TryParse(name.AsSpan("checkpoint-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
                yield return (sequence, path, delta);
        }
    }

    /// <summary>Reads a checkpoint: its header, then its body straight into one array of the body's size.</summary>
    private static (byte[]? Body, long Lsn, long Parent, string? Problem) TryRead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var (lsn, parent, length, crc, size, problem) = ReadHeader(handle);
            if (problem is not null)
                return (null, lsn, parent, problem);
            var body = GC.AllocateUninitializedArray<byte>(checked((int)length));
            for (int read = 0; read < body.Length;)
            {
                int n = RandomAccess.Read(handle, body.AsSpan(read), size + read);
                if (n == 0)
                    return (null, lsn, parent, "the file ended early");
                read += n;
            }

            if (Crc32.HashToUInt32(body) != crc)
                return (null, lsn, parent, "checksum mismatch");
            return (body, lsn, parent, null);
        }
        catch (IOException e)
        {
            return (null, 0, 0, e.Message);
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

    /// <summary>The LSN and parent in a checkpoint's header (the body is not read); zeros for a damaged one.</summary>
    private static (long Lsn, long Parent) HeaderOf(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var header = ReadHeader(handle);
            return (header.Lsn, header.Parent);
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static string Name(long sequence, bool delta) =>
        $"checkpoint-{sequence.ToString("D20", CultureInfo.InvariantCulture)}.{(delta ? "delta" : "ckpt")}";
}
