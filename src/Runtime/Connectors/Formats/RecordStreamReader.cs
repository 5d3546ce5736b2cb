namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// The reading half of a line-oriented source: reads a stream to its end, frames records (see
/// <see cref="RecordFramer"/>) and publishes them to a <see cref="RecordQueue"/> in chunks,
/// waiting whenever the queue is full. Marks are either byte offsets (files: a restart seeks to
/// the logged offset) or record numbers (sockets). A final record without a line feed counts; a
/// trailing carriage return is dropped (CRLF input); a UTF-8 byte order mark at offset 0 is skipped.
/// </summary>
internal sealed class RecordStreamReader
{
    private const int MaxChunkRecords = 4096;
    private const int MinRead = 16 * 1024;

    private readonly RecordQueue queue;
    private readonly RecordDecoder decoder;
    private readonly Action published;
    private byte[] buffer = new byte[64 * 1024];

    /// <summary>The mark after the last record taken in, kept current while reading (so it survives a broken stream).</summary>
    public long Mark { get; private set; }

    public RecordStreamReader(RecordQueue queue, RecordDecoder decoder, Action published)
    {
        this.queue = queue;
        this.decoder = decoder;
        this.published = published;
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end. <paramref name="mark"/> is the mark of the
    /// stream's current position (byte offset or records so far); returns the mark after the last
    /// record. <paramref name="fromStart"/>: the stream is at the start of its file or connection,
    /// so a byte order mark and (for formats with a header) the first record are skipped.
    /// </summary>
    public async Task<long> ReadAsync(Stream stream, object? origin, long mark, bool byteMarks, bool fromStart, CancellationToken cancel)
    {
        Mark = mark;
        var framer = new RecordFramer(decoder.QuotedLineBreaks, (byte)decoder.Format.Delimiter);
        bool skipHeader = fromStart && decoder.SkipsFirstRecord;
        bool checkBom = fromStart && byteMarks;
        int start = 0, end = 0;
        int slots = 0;
        RecordChunk? chunk = null;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (buffer.Length - end < MinRead)
                        Array.Resize(ref buffer, buffer.Length * 2);
                }
                int read = await stream.ReadAsync(buffer.AsMemory(end), cancel).ConfigureAwait(false);
                bool atEnd = read == 0;
                end += read;
                if (checkBom && (end - start >= 3 || atEnd))
                {
                    checkBom = false;
                    if (buffer.AsSpan(start, end - start).StartsWith("\uFEFF"u8))
                    {
                        start += 3;
                        Mark = mark += 3;
                    }
                }
                while (start < end && !checkBom)
                {
                    int at = framer.FindEnd(buffer.AsSpan(start, end - start));
                    int length;
                    if (at >= 0)
                        length = at + 1;
                    else if (atEnd)
                        length = at = end - start;
                    else
                        break;
                    int recordLength = at > 0 && buffer[start + at - 1] == (byte)'\r' ? at - 1 : at;
                    long next = byteMarks ? mark + length : mark + 1;
                    if (skipHeader)
                    {
                        // The header is not a record: on a socket it takes no record number.
                        skipHeader = false;
                        if (byteMarks)
                            Mark = mark = next;
                    }
                    else
                    {
                        if (slots == 0)
                        {
                            if (chunk is { Count: > 0 })
                            {
                                queue.Publish(chunk);
                                published();
                                chunk = null;
                            }
                            slots = await queue.ReserveAsync(MaxChunkRecords, cancel).ConfigureAwait(false);
                        }
                        if (chunk is null)
                        {
                            chunk = queue.RentChunk();
                            chunk.Origin = origin;
                        }
                        chunk.Add(buffer.AsSpan(start, recordLength), mark, next);
                        slots--;
                        Mark = mark = next;
                    }
                    start += length;
                }
                if (start == end)
                    start = end = 0;
                if (chunk is { Count: > 0 })
                {
                    queue.Publish(chunk);
                    published();
                    chunk = null;
                }
                if (atEnd)
                    return mark;
            }
        }
        finally
        {
            if (chunk is { Count: > 0 })
            {
                queue.Publish(chunk);
                published();
            }
            else if (chunk is not null)
            {
                queue.Return(chunk);
            }
            queue.Unreserve(slots);
        }
    }
}
