namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Raw records read together from one origin (a file, a connection), stored back to back in one
/// byte array, each with a start and end mark (byte offsets in a file, record numbers on a
/// socket). A chunk is filled by the reading task, handed over once through
/// <see cref="RecordQueue"/>, drained by <c>Poll</c>, then reused: no object per record.
/// A chunk may instead carry one <see cref="Error"/> about its origin (a file that could not be read).
/// </summary>
internal sealed class RecordChunk
{
    private byte[] bytes = new byte[4096];
    private int[] starts = new int[64];
    private int[] lengths = new int[64];
    private long[] startMarks = new long[64];
    private long[] endMarks = new long[64];

    /// <summary>Where the records come from (the connector's own object); used to format positions.</summary>
    public object? Origin { get; set; }

    public int Count { get; private set; }

    /// <summary>The first record not yet drained.</summary>
    public int Next { get; set; }

    /// <summary>A problem with the origin to report instead of records, with <see cref="ErrorMark"/> as its position.</summary>
    public string? Error { get; set; }

    public long ErrorMark { get; set; }

    public ReadOnlySpan<byte> Record(int i) => bytes.AsSpan(starts[i], lengths[i]);

    public long StartMark(int i) => startMarks[i];

    public long EndMark(int i) => endMarks[i];

    public void Add(ReadOnlySpan<byte> record, long startMark, long endMark)
    {
        int at = Count == 0 ? 0 : starts[Count - 1] + lengths[Count - 1];
        if (at + record.Length > bytes.Length)
            Array.Resize(ref bytes, Math.Max(at + record.Length, bytes.Length * 2));
        if (Count == starts.Length)
        {
            int size = Count * 2;
            Array.Resize(ref starts, size);
            Array.Resize(ref lengths, size);
            Array.Resize(ref startMarks, size);
            Array.Resize(ref endMarks, size);
        }
        record.CopyTo(bytes.AsSpan(at));
        starts[Count] = at;
        lengths[Count] = record.Length;
        startMarks[Count] = startMark;
        endMarks[Count] = endMark;
        Count++;
    }

    /// <summary>Empties the chunk for reuse (its arrays are kept).</summary>
    public void Reset()
    {
        Count = 0;
        Next = 0;
        Origin = null;
        Error = null;
        ErrorMark = 0;
    }
}
