using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source whose reading task fills a bounded <see cref="RecordQueue"/> of raw records that
/// <see cref="Poll"/> decodes: the start, poll and stop protocol the directory and socket sources
/// share. A subclass parses its resume position (synchronously, so a bad one fails
/// <see cref="Start"/>) and supplies the reading loop; each record's position comes from
/// the origin and mark the loop gave it.
/// </summary>
public abstract class QueuedSource : ISource
{
    private readonly Func<object?, long, SourcePosition> positionOf;
    private readonly Func<object?, long, SourcePosition>? resumePositionOf;
    private CancellationTokenSource? stopping;
    private Task? reading;
    private SourcePosition lastPosition = SourcePosition.None;

    /// <param name="positionOf">a record's position (where bad records are reported).</param>
    /// <param name="resumePositionOf">the position a poll returns, which a restart resumes from (default: <paramref name="positionOf"/>).</param>
    protected QueuedSource(RowSchema schema, RecordFormat format, int bufferRecords, Func<object?, long, SourcePosition> positionOf,
        Func<object?, long, SourcePosition>? resumePositionOf = null)
    {
        this.resumePositionOf = resumePositionOf;
        Schema = schema;
        Decoder = RecordDecoder.Create(format, schema);
        Queue = new RecordQueue(bufferRecords);
        this.positionOf = positionOf;
    }

    public RowSchema Schema { get; }

    public bool HasPending => Queue.HasPending;

    public abstract bool IsExhausted { get; }

    /// <summary>Records read ahead and not yet polled (never more than the buffer's size).</summary>
    internal int BufferedRecords => Queue.BufferedRecords;

    protected RecordDecoder Decoder { get; }

    private protected RecordQueue Queue { get; }

    /// <summary>The context given to <see cref="Start"/>; null before.</summary>
    protected SourceContext? Context { get; private set; }

    public void Start(SourceContext context)
    {
        if (Context is not null)
            throw new InvalidOperationException("the source was already started");
        var start = context.StartPosition is { Value.Length: > 0 } p ? p : null;
        var loop = Prepare(start);
        Context = context;
        if (start is not null)
            lastPosition = start;
        stopping = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
        var token = stopping.Token;
        reading = Task.Run(() => loop(token), CancellationToken.None);
    }

    /// <summary>Checks the resume position (null: from the beginning) and returns the reading loop that starts there.</summary>
    protected abstract Func<CancellationToken, Task> Prepare(SourcePosition? start);

    public SourcePosition Poll(BatchBuilder builder, int maxRows)
    {
        var errors = Context?.Errors ?? throw new InvalidOperationException("the source was not started");
        try
        {
            if (Queue.Drain(Decoder, builder, maxRows, errors, positionOf, resumePositionOf) is { } position)
                lastPosition = position;
        }
        catch (SourceStoppedException e)
        {
            // Nothing after the refused record is read: the reading task ends here.
            stopping?.Cancel();
            if (e.Position is { } position)
                lastPosition = position;
            throw new SourceStoppedException(e.Error, lastPosition);
        }
        return lastPosition;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping is null)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            if (reading is not null)
                await reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        stopping.Dispose();
        stopping = null;
        GC.SuppressFinalize(this);
    }
}
