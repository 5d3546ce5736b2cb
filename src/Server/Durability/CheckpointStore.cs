using System.IO.Hashing;
using System.Globalization;

namespace StreamSql.Server.Durability;

/// <summary>
/// Checkpoints of the runtime state under <c>state/</c>, named <c>checkpoint-{sequence}.ckpt</c>.
/// Layout of a file:
/// <code>
/// 8 bytes  magic "SSQLCKP1"
/// i64      LSN: every logged change up to it is in the state, none after it
/// i64      body length
/// u32      CRC-32 of the body
/// body     what StreamingRuntime.WriteCheckpoint wrote
/// </code>
/// A checkpoint is written under a temporary name, forced to disk, then renamed, so a crash
/// leaves either the old set or the new one. The newest two are kept: when the newest turns out
/// corrupt, recovery falls back to the one before it (the table log keeps what that one needs).
/// </summary>
public sealed class CheckpointStore
{
    private const int HeaderSize = 28;
    private static ReadOnlySpan<byte> Magic => "SSQLCKP1"u8;

    private readonly string _folder;
    private readonly TextWriter _log;
    private long _lastSequence;

    public CheckpointStore(string folder, TextWriter log)
    {
        _folder = folder;
        _log = log;
        foreach (var tmp in Directory.EnumerateFiles(folder, "*.tmp"))
            File.Delete(tmp);
        _lastSequence = List().Select(c => c.Sequence).DefaultIfEmpty(0).Max();
    }

    /// <summary>LSN of the older kept checkpoint after the last save (what the table log must still cover), or 0.</summary>
    public long OldestKeptLsn { get; private set; }

    /// <summary>
    /// The newest checkpoint that reads back intact, with its LSN. Corrupt ones are skipped and
    /// reported. When checkpoints exist but none is intact, the logs alone cannot rebuild the state
    /// (segments covered by them were deleted): that is a <see cref="DurabilityException"/>.
    /// </summary>
    public (byte[]? Body, long Lsn) LoadNewest()
    {
        var all = List().OrderByDescending(c => c.Sequence).ToList();
        foreach (var (sequence, path) in all)
        {
            var (body, lsn, problem) = TryRead(path);
            if (body is not null)
            {
                _log.WriteLine($"recovery: loaded checkpoint {Path.GetFileName(path)} (state up to log sequence number {lsn})");
                return (body, lsn);
            }

            _log.WriteLine($"recovery: checkpoint {Path.GetFileName(path)} is corrupt ({problem}); falling back to the previous checkpoint");
        }

        if (all.Count > 0)
            throw new DurabilityException($"no intact checkpoint in \"{_folder}\" ({all.Count} corrupt); the state cannot be recovered");
        return (null, 0);
    }

    /// <summary>Writes a checkpoint durably (temporary name, fsync, rename) and deletes all but the newest two.</summary>
    public void Save(long lsn, ReadOnlySpan<byte> body)
    {
        long sequence = ++_lastSequence;
        var final = Path.Combine(_folder, Name(sequence));
        var tmp = final + ".tmp";
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(8), lsn);
        BitConverter.TryWriteBytes(header.AsSpan(16), (long)body.Length);
        BitConverter.TryWriteBytes(header.AsSpan(24), Crc32.HashToUInt32(body));
        using (var handle = File.OpenHandle(tmp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, header, 0);
            RandomAccess.Write(handle, body, HeaderSize);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(tmp, final, overwrite: true);
        var kept = List().OrderByDescending(c => c.Sequence).ToList();
        foreach (var (_, path) in kept.Skip(2))
            File.Delete(path);
        OldestKeptLsn = kept.Count >= 2 ? HeaderLsn(kept[1].Path) : lsn;
    }

    private IEnumerable<(long Sequence, string Path)> List()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "checkpoint-*.ckpt"))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (long.TryParse(name.AsSpan("checkpoint-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence))
                yield return (sequence, path);
        }
    }

    /// <summary>Reads a checkpoint: its header, then its body straight into one array of the body's size.</summary>
    private static (byte[]? Body, long Lsn, string? Problem) TryRead(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var (lsn, length, crc, problem) = ReadHeader(handle);
            if (problem is not null)
                return (null, lsn, problem);
            var body = GC.AllocateUninitializedArray<byte>(checked((int)length));
            for (int read = 0; read < body.Length;)
            {
                int n = RandomAccess.Read(handle, body.AsSpan(read), HeaderSize + read);
                if (n == 0)
                    return (null, lsn, "the file ended early");
                read += n;
            }

            if (Crc32.HashToUInt32(body) != crc)
                return (null, lsn, "checksum mismatch");
            return (body, lsn, null);
        }
        catch (IOException e)
        {
            return (null, 0, e.Message);
        }
    }

    /// <summary>The header of a checkpoint file: LSN, body length, checksum; or what is wrong with it.</summary>
    private static (long Lsn, long Length, uint Crc, string? Problem) ReadHeader(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        var header = new byte[HeaderSize];
        int got = RandomAccess.Read(handle, header, 0);
        if (got < HeaderSize || !header.AsSpan(0, 8).SequenceEqual(Magic))
            return (0, 0, 0, "bad header");
        long lsn = BitConverter.ToInt64(header, 8);
        long length = BitConverter.ToInt64(header, 16);
        long size = RandomAccess.GetLength(handle) - HeaderSize;
        if (length != size)
            return (lsn, length, 0, $"{size} bytes of state where the header says {length}");
        return (lsn, length, BitConverter.ToUInt32(header, 24), null);
    }

    /// <summary>The LSN in a checkpoint's header (the body is not read).</summary>
    private static long HeaderLsn(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return ReadHeader(handle).Lsn;
    }

    private static string Name(long sequence) =>
        $"checkpoint-{sequence.ToString("D20", CultureInfo.InvariantCulture)}.ckpt";
}
