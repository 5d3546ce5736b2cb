using System.IO.Hashing;
using System.Buffers.Binary;

namespace StreamSql.Server.Durability;

/// <summary>
/// Epoch numbers are promised to clients (<c>SUBSCRIBE ... SINCE</c>, live clients resume by them),
/// so a restarted server must never publish an epoch number it published before with other changes.
/// The file <c>epochs</c> holds a limit: every epoch ever run is below it. The server reserves epochs
/// in blocks (one small synced write per <see cref="Block"/> epochs) and, after a restart, continues
/// from the limit, so its first new epoch is above anything a client can hold.
/// The file is <c>u64 limit, u32 CRC-32</c>, replaced atomically (temporary name, fsync, rename).
/// </summary>
public sealed class EpochReservation(string directory, bool sync)
{
    public const long Block = 100_000;

    private string FilePath => Path.Combine(directory, "epochs");

    /// <summary>The limit on record (0 when none was written, or the file is damaged: then the caller's own floor applies).</summary>
    public long Read(TextWriter log)
    {
        if (!File.Exists(FilePath))
            return 0;
        var bytes = File.ReadAllBytes(FilePath);
        if (bytes.Length != 12 || Crc32.HashToUInt32(bytes.AsSpan(0, 8)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)))
        {
            log.WriteLine($"recovery: {FilePath} is damaged; epoch numbers continue from the recovered state");
            return 0;
        }

        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>Records that epochs up to (not including) the returned limit may run; durable before it returns.</summary>
    public long Reserve(long nextEpoch)
    {
        var limit = nextEpoch + Block;
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, limit);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Crc32.HashToUInt32(bytes.AsSpan(0, 8)));
        var temp = FilePath + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            if (sync)
                file.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
        return limit;
    }
}
