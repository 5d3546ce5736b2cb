using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace StreamSql.Server.Durability;

/// <summary>
/// An append-only file of framed records. Each record is
/// <code>
/// u32 length   payload length in bytes (little-endian)
/// u32 crc      CRC-32 of the payload
/// payload      length bytes
/// </code>
/// A record is valid only when the whole frame is present and its checksum matches, so a write
/// torn by a crash is recognised at the end of the file. Appends use positional writes and
/// <see cref="Flush"/> may run on another thread at the same time (fsync does not move the file
/// position); appends themselves must come from one writer at a time.
/// </summary>
public sealed class RecordLog : IDisposable
{
    private const int HeaderSize = 8;

    /// <summary>Larger than any record this server writes: a length beyond it is garbage, not a record.</summary>
    private const int MaxRecordSize = 1 << 30;

    private readonly SafeFileHandle _handle;
    private long _length;

    private RecordLog(string path, SafeFileHandle handle, long length)
    {
        Path = path;
        _handle = handle;
        _length = length;
    }

    public string Path { get; }

    /// <summary>Bytes of valid records in the file.</summary>
    public long Length => _length;

    /// <summary>
    /// Opens (or creates) a log, hands every valid record's payload to <paramref name="onRecord"/> in
    /// order, and cuts a torn or corrupt tail off so that later appends follow the last valid
    /// record. What was cut is reported to <paramref name="log"/>.
    /// </summary>
    public static RecordLog Open(string path, Action<ReadOnlyMemory<byte>> onRecord, TextWriter log)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var (records, valid, size, problem) = Scan(handle);
            foreach (var record in records)
                onRecord(record);
            if (problem is not null)
            {
                log.WriteLine($"recovery: {path}: {problem} at byte {valid} of {size} (a write torn by a crash); " +
                    $"recovered the {records.Count} valid record(s) before it and cut off the remaining {size - valid} byte(s)");
                RandomAccess.SetLength(handle, valid);
                RandomAccess.FlushToDisk(handle);
            }

            return new RecordLog(path, handle, valid);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a log without changing it: the payloads of its valid records in order, the bytes they
    /// take, the file's size, and what ends the valid records early (null when nothing does).
    /// </summary>
    public static (List<ReadOnlyMemory<byte>> Records, long Valid, long Size, string? Problem) Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Scan(handle);
    }

    private static (List<ReadOnlyMemory<byte>> Records, long Valid, long Size, string? Problem) Scan(SafeFileHandle handle)
    {
        long size = RandomAccess.GetLength(handle);
        var bytes = new byte[size];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (n == 0)
                break;
            read += n;
        }

        var records = new List<ReadOnlyMemory<byte>>();
        long valid = 0;
        string? problem = null;
        while (valid < read)
        {
            if (read - valid < HeaderSize)
            {
                problem = "an incomplete record header";
                break;
            }

            uint length = BitConverter.ToUInt32(bytes, (int)valid);
            uint crc = BitConverter.ToUInt32(bytes, (int)valid + 4);
            if (length > MaxRecordSize || valid + HeaderSize + length > read)
            {
                problem = "an incomplete record";
                break;
            }

            var payload = new ReadOnlyMemory<byte>(bytes, (int)valid + HeaderSize, (int)length);
            if (Crc32.HashToUInt32(payload.Span) != crc)
            {
                problem = "a record whose checksum does not match";
                break;
            }

            records.Add(payload);
            valid += HeaderSize + length;
        }

        return (records, valid, read, problem);
    }

    /// <summary>
    /// Writes one record after the last (to the operating system, not yet forced to disk). On a
    /// failed write (a full disk) the partial frame is cut off again and the error rethrown, so the
    /// log never keeps half a record before the next one.
    /// </summary>
    public void Append(ReadOnlySpan<byte> payload) => Append(payload, []);

    /// <summary>
    /// <see cref="Append(ReadOnlySpan{byte})"/> of one record whose payload is <paramref name="head"/>
    /// followed by <paramref name="body"/>, copied once into the frame.
    /// </summary>
    public void Append(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        int length = head.Length + body.Length;
        var frame = new byte[HeaderSize + length];
        var crc = new Crc32();
        crc.Append(head);
        crc.Append(body);
        BitConverter.TryWriteBytes(frame.AsSpan(0, 4), (uint)length);
        BitConverter.TryWriteBytes(frame.AsSpan(4, 4), crc.GetCurrentHashAsUInt32());
        head.CopyTo(frame.AsSpan(HeaderSize));
        body.CopyTo(frame.AsSpan(HeaderSize + head.Length));
        try
        {
            RandomAccess.Write(_handle, frame, _length);
        }
        catch (IOException)
        {
            try
            {
                RandomAccess.SetLength(_handle, _length);
            }
            catch (IOException)
            {
                // The next successful append overwrites the partial frame from the same offset.
            }

            throw;
        }

        _length += frame.Length;
    }

    /// <summary>Cuts the log back to <paramref name="length"/> bytes (a record appended last and then taken back).</summary>
    public void Truncate(long length)
    {
        if (length > _length)
            throw new ArgumentOutOfRangeException(nameof(length));
        RandomAccess.SetLength(_handle, length);
        _length = length;
    }

    /// <summary>Forces everything appended so far to disk (fsync).</summary>
    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();
}
