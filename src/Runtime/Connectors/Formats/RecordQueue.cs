using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// The bounded buffer between a source's reading task and <c>Poll</c>, counted in records. The
/// reader reserves room before it takes records in (<see cref="ReserveAsync"/> waits while the
/// buffer is full, so an idle pipeline stops the reading), publishes filled chunks, and
/// <see cref="Drain"/> decodes them into a batch on the scheduler's thread, freeing room as it goes.
/// Invariant: buffered + reserved &lt;= capacity.
/// </summary>
internal sealed class RecordQueue(int capacity)
{
    private const int MaxFreeChunks = 8;

    private readonly object gate = new();
    private readonly Queue<RecordChunk> chunks = new();
    private readonly Stack<RecordChunk> free = new();
    private int buffered;
    private int reserved;
    private TaskCompletionSource? spaceWaiter;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Records published and not yet drained.</summary>
    public int BufferedRecords
    {
        get { lock (gate) return buffered; }
    }

    /// <summary>True when records or errors are waiting for <see cref="Drain"/>.</summary>
    public bool HasPending
    {
        get { lock (gate) return chunks.Count > 0; }
    }

    /// <summary>Waits until there is room, then reserves between 1 and <paramref name="wanted"/> records of it.</summary>
    public async ValueTask<int> ReserveAsync(int wanted, CancellationToken cancel)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                int room = Capacity - buffered - reserved;
                if (room > 0)
                {
                    int granted = Math.Min(room, Math.Max(wanted, 1));
                    reserved += granted;
                    return granted;
                }
                spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = spaceWaiter.Task;
            }
            await wait.WaitAsync(cancel).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back reserved room that was not used.</summary>
    public void Unreserve(int records)
    {
        if (records <= 0)
            return;
        lock (gate)
        {
            reserved -= records;
            WakeReader();
        }
    }

    public RecordChunk RentChunk()
    {
        lock (gate)
            return free.Count > 0 ? free.Pop() : new RecordChunk();
    }

    /// <summary>Hands a filled chunk (its records taken from reserved room) to the consumer.</summary>
    public void Publish(RecordChunk chunk)
    {
        lock (gate)
        {
            reserved -= chunk.Count;
            buffered += chunk.Count;
            chunks.Enqueue(chunk);
        }
    }

    /// <summary>Queues an error about an origin; errors take no room.</summary>
    public void PublishError(object? origin, long mark, string error)
    {
        var chunk = RentChunk();
        chunk.Origin = origin;
        chunk.ErrorMark = mark;
        chunk.Error = error;
        lock (gate)
            chunks.Enqueue(chunk);
    }

    /// <summary>Gives a chunk that was rented but never published back.</summary>
    public void Return(RecordChunk chunk)
    {
        chunk.Reset();
        lock (gate)
            if (free.Count < MaxFreeChunks)
                free.Push(chunk);
    }

    /// <summary>
    /// Decodes buffered records into <paramref name="builder"/> until it has gained
    /// <paramref name="maxRows"/> rows or the buffer is empty. Bad records, and errors about
    /// origins, go to <paramref name="errors"/> with the record's start position and are consumed.
    /// Returns the end position of the last record consumed (<paramref name="resumePosition"/>, where
    /// a restart resumes; <paramref name="position"/> places a bad record), or null when none was. When the error
    /// sink refuses a bad record (it throws), the record stays buffered and a <see cref="SourceStoppedException"/>
    /// carries the position after the records consumed before it.
    /// </summary>
    public SourcePosition? Drain(RecordDecoder decoder, BatchBuilder builder, int maxRows, ISourceErrorSink errors,
        Func<object?, long, SourcePosition> position, Func<object?, long, SourcePosition>? resumePosition = null)
    {
        var end = resumePosition ?? position;
        int startRows = builder.Count;
        int consumed = 0;
        bool any = false;
        object? lastOrigin = null;
        long lastMark = 0;
        try
        {
            while (builder.Count - startRows < maxRows)
            {
                RecordChunk? chunk;
                lock (gate)
                    chunk = chunks.Count > 0 ? chunks.Peek() : null;
                if (chunk is null)
                    break;
                if (chunk.Error is { } error)
                {
                    var at = position(chunk.Origin, chunk.ErrorMark);
                    DropHead();
                    try
                    {
                        errors.Report("", error, at);
                    }
                    catch (SqlStateException e)
                    {
                        throw new SourceStoppedException(e, any ? end(lastOrigin, lastMark) : null);
                    }
                    continue;
                }
                while (chunk.Next < chunk.Count && builder.Count - startRows < maxRows)
                {
                    int i = chunk.Next++;
                    consumed++;
                    var record = chunk.Record(i);
                    if (!(decoder.SkipsBlankRecords && RecordDecoder.IsBlank(record)) && decoder.Decode(record, builder) is { } bad)
                    {
                        try
                        {
                            errors.Report(System.Text.Encoding.UTF8.GetString(record), bad, position(chunk.Origin, chunk.StartMark(i)));
                        }
                        catch (SqlStateException e)
                        {
                            // The source stops at this record: it stays at the head, unread, and so does everything after it.
                            chunk.Next = i;
                            consumed--;
                            throw new SourceStoppedException(e, any ? end(lastOrigin, lastMark) : null);
                        }
                    }
                    any = true;
                    lastOrigin = chunk.Origin;
                    lastMark = chunk.EndMark(i);
                }
                if (chunk.Next == chunk.Count)
                {
                    // Room is given back chunk by chunk, so the reader refills while this poll goes on.
                    DropHead();
                    Free(consumed);
                    consumed = 0;
                }
            }
        }
        finally
        {
            Free(consumed);
        }
        return any ? end(lastOrigin, lastMark) : null;
    }

    private void DropHead()
    {
        lock (gate)
        {
            var chunk = chunks.Dequeue();
            chunk.Reset();
            if (free.Count < MaxFreeChunks)
                free.Push(chunk);
        }
    }

    private void Free(int records)
    {
        if (records == 0)
            return;
        lock (gate)
        {
            buffered -= records;
            WakeReader();
        }
    }

    private void WakeReader()
    {
        var waiter = spaceWaiter;
        spaceWaiter = null;
        waiter?.TrySetResult();
    }
}
