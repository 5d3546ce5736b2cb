using System.Collections.Immutable;
using System.Text;
using Confluent.Kafka;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>kafka</c> source: one consumer that assigns itself every partition of the topic (no
/// group rebalancing; a metadata check every <see cref="KafkaSourceOptions.MetadataInterval"/>
/// picks up new partitions) and reads on its own thread into a bounded buffer.
/// <para>Offsets belong to the epoch log: <see cref="Poll"/> returns a <see cref="KafkaPosition"/>
/// (the next offset per partition) that the engine logs before running the epoch, and a restart from
/// it reads each partition from exactly there. Nothing is auto-committed; the engine calls
/// <see cref="OnEpochCommitted"/> after an epoch commits and the offsets are then committed to the
/// consumer group, only so that lag monitoring sees them.</para>
/// <para>Back-pressure: when <see cref="KafkaSourceOptions.BufferRecords"/> records or
/// <see cref="KafkaSourceOptions.BufferBytes"/> bytes wait, the reading stops until <see cref="Poll"/>
/// makes room, and every partition is paused when the buffer stays full for a second; librdkafka's
/// own read-ahead is bounded by <c>queued.max.messages.kbytes</c> (16 MB unless set), so memory
/// stays flat however fast the producer. Records are taken from the consumer a batch at a time
/// (<see cref="KafkaBatchReader"/>).</para>
/// <para>Columns named <c>_partition</c> (INT), <c>_offset</c> (BIGINT), <c>_timestamp</c>
/// (TIMESTAMPTZ) and <c>_key</c> (TEXT) are filled from the record; the others come from the value
/// through the format's decoder. A record that does not decode goes to the error sink with
/// <c>partition/offset</c> as its position.</para>
/// </summary>
public sealed partial class KafkaSource : ISource, ICommittableSource, IWatermarkSource, IReplayableSource, IPartitionedSource
{
    public const string PartitionColumn = "_partition";
    public const string OffsetColumn = "_offset";
    public const string TimestampColumn = "_timestamp";
    public const string KeyColumn = "_key";

    private readonly KafkaSourceOptions options;
    private readonly RecordDecoder decoder;
    private readonly object gate = new();
    private readonly Queue<KafkaRecord> buffer = new();
    private readonly SemaphoreSlim room = new(0);
    private readonly Dictionary<int, KafkaPartitionState> partitions = [];
    private readonly ImmutableSortedDictionary<int, long>.Builder positions = ImmutableSortedDictionary.CreateBuilder<int, long>();
    // Metadata columns: index in the schema, or -1. With any of them, values decode into a
    // builder of the other columns and are copied across (payloadColumns[i] = target column).
    private readonly int partitionColumn, offsetColumn, timestampColumn, keyColumn;
    private readonly BatchBuilder? payload;
    private readonly int[] payloadColumns;
    private readonly int eventTimeColumn;
    // Poll's slice of the buffer, and the largest event time decoded per partition since it last
    // went into the partitions' state (one lock per slice instead of one per record).
    private readonly KafkaRecord[] polled = new KafkaRecord[256];
    private readonly Dictionary<int, long> decodedEventTimes = [];
    private SourceContext? context;
    private CancellationTokenSource? stopping;
    private Task? reading;
    private long bufferedBytes;
    private bool full;
    private volatile bool paused;
    private KafkaPosition? pendingCommit;
    private long lastCommit;
    private static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(1);
    private SourcePosition lastPosition = SourcePosition.None;
    private bool positionChanged = true;
    private long lastSnapshot;
    private volatile string? lastError;

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options, the format and the metadata columns (22023 errors).</summary>
    public KafkaSource(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions,
        RowSchema schema, string? eventTimeColumn = null)
        : this(KafkaSourceOptions.Parse(options, format, formatOptions), schema, eventTimeColumn)
    {
    }

    /// <param name="eventTimeColumn">The watermark's column (TIMESTAMP or TIMESTAMPTZ), tracked per partition for <see cref="Watermark"/>.</param>
    public KafkaSource(KafkaSourceOptions options, RowSchema schema, string? eventTimeColumn = null)
    {
        this.options = options;
        Schema = schema;
        partitionColumn = MetadataIndex(schema, PartitionColumn, TypeKind.Int32, "INT");
        offsetColumn = MetadataIndex(schema, OffsetColumn, TypeKind.Int64, "BIGINT");
        timestampColumn = MetadataIndex(schema, TimestampColumn, TypeKind.TimestampTz, "TIMESTAMPTZ");
        keyColumn = MetadataIndex(schema, KeyColumn, TypeKind.Text, "TEXT");
        var valueFields = ImmutableArray.CreateBuilder<RowField>();
        var map = new List<int>();
        for (int i = 0; i < schema.Count; i++)
        {
            if (i == partitionColumn || i == offsetColumn || i == timestampColumn || i == keyColumn)
                continue;
            valueFields.Add(schema[i]);
            map.Add(i);
        }
        payloadColumns = [.. map];
        if (map.Count == schema.Count)
        {
            decoder = RecordDecoder.Create(options.Format, schema);
        }
        else
        {
            var valueSchema = new RowSchema(valueFields.ToImmutable());
            decoder = RecordDecoder.Create(options.Format, valueSchema);
            payload = new BatchBuilder(valueSchema.Types, 1);
        }
        this.eventTimeColumn = -1;
        if (eventTimeColumn is not null)
        {
            this.eventTimeColumn = schema.IndexOf(eventTimeColumn);
            if (this.eventTimeColumn < 0 || !schema[this.eventTimeColumn].Type.IsTimestamp)
                throw ConnectorOptions.Invalid($"event-time column '{eventTimeColumn}' of a kafka source must be a TIMESTAMP or TIMESTAMPTZ column of the source");
        }
    }

    public RowSchema Schema { get; }

    public KafkaSourceOptions Options => options;

    public bool HasPending
    {
        get
        {
            lock (gate)
                return buffer.Count > 0;
        }
    }

    /// <summary>A topic never ends.</summary>
    public bool IsExhausted => false;

    /// <summary>Records read ahead and not yet polled (never more than <see cref="KafkaSourceOptions.BufferRecords"/> plus what one fetch was delivering when the partitions were paused).</summary>
    public int BufferedRecords
    {
        get
        {
            lock (gate)
                return buffer.Count;
        }
    }

    /// <summary>The last error librdkafka reported (brokers down, topic missing), null once the brokers answer with the topic or records flow again.</summary>
    public string? LastError => lastError;

    public void Start(SourceContext context)
    {
        if (this.context is not null)
            throw new InvalidOperationException("the source was already started");
        this.context = context;
        var resume = KafkaPosition.Parse(context.StartPosition?.Value ?? "");
        foreach (var (partition, offset) in resume.NextOffsets)
            positions[partition] = offset;
        lastPosition = context.StartPosition ?? SourcePosition.None;
        lastSnapshot = context.Time.GetTimestamp();
        stopping = CancellationTokenSource.CreateLinkedTokenSource(context.Stopping);
        var token = stopping.Token;
        reading = Task.Factory.StartNew(() => ReadLoop(resume, token), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public SourcePosition Poll(BatchBuilder builder, int maxRows)
    {
        var context = this.context ?? throw new InvalidOperationException("the source was not started");
        // Records leave the buffer a slice at a time under one lock, and are decoded outside it.
        for (int remaining = maxRows; remaining > 0;)
        {
            int count = 0;
            lock (gate)
            {
                int wanted = Math.Min(remaining, polled.Length);
                while (count < wanted && buffer.TryDequeue(out var record))
                {
                    Unbuffer(record);
                    polled[count++] = record;
                }
                ReleaseRoomIfDrained();
            }
            if (count == 0)
                break;
            for (int i = 0; i < count; i++)
                Take(polled[i], builder, context);
            Array.Clear(polled, 0, count); // the records' chunks are not held past the poll
            PublishEventTimes();
            remaining -= count;
        }
        return Position();
    }

    public bool HasReached(SourcePosition end)
    {
        var target = KafkaPosition.Parse(end.Value).NextOffsets;
        lock (gate)
            return target.All(p => positions.TryGetValue(p.Key, out long at) && at >= p.Value);
    }

    public SourcePosition PollTo(BatchBuilder builder, SourcePosition end)
    {
        var context = this.context ?? throw new InvalidOperationException("the source was not started");
        var target = KafkaPosition.Parse(end.Value).NextOffsets;
        var taken = new List<KafkaRecord>();
        lock (gate)
        {
            // Records of a partition already at its end stay buffered, in their order, for the epochs after.
            var kept = new List<KafkaRecord>();
            while (buffer.TryDequeue(out var record))
            {
                if (record.Offset < target.GetValueOrDefault(record.Partition, long.MinValue))
                {
                    Unbuffer(record);
                    taken.Add(record);
                }
                else
                {
                    kept.Add(record);
                }
            }
            foreach (var record in kept)
                buffer.Enqueue(record);
            ReleaseRoomIfDrained();
        }
        foreach (var record in taken)
            Take(record, builder, context);
        PublishEventTimes();
        return Position();
    }

    /// <summary>A record leaves the buffer (under the lock).</summary>
    private void Unbuffer(in KafkaRecord record)
    {
        bufferedBytes -= record.ValueLength;
        partitions[record.Partition].Buffered--;
    }

    /// <summary>The reading loop, paused on a full buffer, goes on once half of it is free (under the lock).</summary>
    private void ReleaseRoomIfDrained()
    {
        if (full && buffer.Count < options.BufferRecords / 2 && bufferedBytes < options.BufferBytes / 2)
        {
            full = false;
            room.Release();
        }
    }

    private void Take(in KafkaRecord record, BatchBuilder builder, SourceContext context)
    {
        Decode(record, builder, context);
        positions[record.Partition] = record.Offset + 1;
        positionChanged = true;
    }

    private SourcePosition Position()
    {
        if (positionChanged)
        {
            lastPosition = new KafkaPosition(positions.ToImmutable()).ToSourcePosition();
            positionChanged = false;
        }
        return lastPosition;
    }

    /// <summary>
    /// Called by the engine after the epoch that ended at <paramref name="position"/> committed:
    /// the offsets are committed to the consumer group (asynchronously, on the reading thread, at
    /// most once a second with the newest position) so that lag monitoring sees them. Correctness never depends on it; restarts use the offset log.
    /// </summary>
    public void OnEpochCommitted(SourcePosition position) =>
        Volatile.Write(ref pendingCommit, KafkaPosition.Parse(position.Value));

    /// <summary>
    /// The source's watermark candidate: the minimum over active partitions of the largest event
    /// time polled from each (microseconds). A partition that delivered nothing for the idle timeout
    /// and has nothing buffered is idle and does not count; an active partition with no row yet holds
    /// the watermark back (null). Null also when every partition is idle or none is known.
    /// </summary>
    public long? Watermark()
    {
        var now = context?.Time.GetTimestamp() ?? 0;
        long? min = null;
        lock (gate)
        {
            foreach (var state in partitions.Values)
            {
                if (IsIdle(state, now))
                    continue;
                if (state.MaxEventTime is not { } max)
                    return null;
                min = min is { } m ? Math.Min(m, max) : max;
            }
        }
        return min;
    }

    /// <summary>A snapshot per partition (ordered by partition): lag, records/s and bytes/s since the previous snapshot, event time, idleness.</summary>
    public IReadOnlyList<KafkaPartitionMetrics> Metrics()
    {
        var time = context?.Time ?? TimeProvider.System;
        long now = time.GetTimestamp();
        var result = new List<KafkaPartitionMetrics>();
        lock (gate)
        {
            double seconds = Math.Max(time.GetElapsedTime(lastSnapshot, now).TotalSeconds, 1e-6);
            lastSnapshot = now;
            foreach (var state in partitions.Values.OrderBy(s => s.Partition))
            {
                long next = positions.TryGetValue(state.Partition, out var n) ? n : state.NextPolled;
                long lag = state.HighWatermark >= 0 && next >= 0 ? Math.Max(0, state.HighWatermark - next) : -1;
                result.Add(new KafkaPartitionMetrics(state.Partition, next, state.HighWatermark, lag, state.Records, state.Bytes,
                    (state.Records - state.RecordsAtSnapshot) / seconds, (state.Bytes - state.BytesAtSnapshot) / seconds,
                    state.MaxEventTime, IsIdle(state, now), paused));
                state.RecordsAtSnapshot = state.Records;
                state.BytesAtSnapshot = state.Bytes;
            }
        }
        return result;
    }

    /// <summary>The partitions as every source in parts reports them (see <see cref="Metrics"/>).</summary>
    public IReadOnlyList<SourcePartitionMetrics> PartitionMetrics() =>
        [.. Metrics().Select(m => new SourcePartitionMetrics(m.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture),
            m.Lag >= 0 ? m.Lag : null, m.Records, m.RecordsPerSecond, m.BytesPerSecond, m.MaxEventTime, m.Idle, m.Paused))];

    public async ValueTask DisposeAsync()
    {
        if (stopping is null)
            return;
        await stopping.CancelAsync().ConfigureAwait(false);
        room.Release();
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
        room.Dispose();
    }

    private bool IsIdle(KafkaPartitionState state, long now) =>
        state.Buffered == 0 && context is { } c && c.Time.GetElapsedTime(state.LastActivity, now) >= options.IdleTimeout;

    private static int MetadataIndex(RowSchema schema, string name, TypeKind kind, string typeName)
    {
        int index = schema.IndexOf(name);
        if (index < 0)
            return -1;
        var type = schema[index].Type;
        bool fits = type.Kind == kind || (kind == TypeKind.TimestampTz && type.Kind == TypeKind.Timestamp);
        if (!fits)
            throw ConnectorOptions.Invalid($"metadata column '{name}' of a kafka source must be declared {typeName}");
        return index;
    }

    private void Decode(in KafkaRecord record, BatchBuilder builder, SourceContext context)
    {
        if (record.Value is not { } memory)
        {
            Report(record, "", "the record has no value (a tombstone)", context);
            return;
        }
        var value = memory.Span;
        string? error;
        int row;
        if (payload is null)
        {
            error = decoder.Decode(value, builder);
            row = builder.Count - 1;
        }
        else
        {
            payload.Clear();
            error = decoder.Decode(value, payload);
            row = -1;
            if (error is null)
            {
                row = builder.BeginRow(1);
                for (int i = 0; i < payloadColumns.Length; i++)
                    builder[payloadColumns[i]].CopyRow(row, payload[i], 0);
                if (partitionColumn >= 0)
                    SetValue(builder.ColumnAt<int>(partitionColumn), row, record.Partition);
                if (offsetColumn >= 0)
                    SetValue(builder.ColumnAt<long>(offsetColumn), row, record.Offset);
                if (timestampColumn >= 0)
                    SetValue(builder.ColumnAt<long>(timestampColumn), row, record.TimestampMicros);
                if (keyColumn >= 0)
                {
                    var keys = builder.ColumnAt<string?>(keyColumn);
                    keys.Values[row] = record.Key is { } key ? Encoding.UTF8.GetString(key.Span) : null;
                    keys.SetNull(row, record.Key is null);
                }
            }
        }
        if (error is not null)
        {
            Report(record, Encoding.UTF8.GetString(value), error, context);
            return;
        }
        if (eventTimeColumn >= 0 && !builder[eventTimeColumn].IsNull(row))
        {
            long time = builder.ColumnAt<long>(eventTimeColumn).Values[row];
            if (!decodedEventTimes.TryGetValue(record.Partition, out long max) || time > max)
                decodedEventTimes[record.Partition] = time;
        }
    }

    /// <summary>The event times decoded since the last call go into the partitions' state, for <see cref="Watermark"/>.</summary>
    private void PublishEventTimes()
    {
        if (decodedEventTimes.Count == 0)
            return;
        lock (gate)
        {
            foreach (var (partition, time) in decodedEventTimes)
            {
                var state = partitions[partition];
                if (state.MaxEventTime is not { } max || time > max)
                    state.MaxEventTime = time;
            }
        }
        decodedEventTimes.Clear();
    }

    private static void SetValue<T>(Column<T> column, int row, T value)
    {
        column.Values[row] = value;
        column.SetNull(row, false);
    }

    private static void Report(in KafkaRecord record, string raw, string error, SourceContext context) =>
        context.Errors.Report(raw, error, new SourcePosition($"{record.Partition}/{record.Offset}"));
}
