using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using Confluent.Kafka;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>kafka</c> sink: a transactional producer, one Kafka transaction per epoch
/// (<see cref="Write"/> adds to it, <see cref="Commit"/> commits it). The transactional id is
/// stable per sink name, so opening the sink again fences any producer left from before and aborts
/// its open transaction: a <c>read_committed</c> consumer never sees a half-written epoch. Every
/// record carries its epoch in the header <see cref="EpochHeader"/>; on <see cref="Open"/> the sink
/// reads the newest committed epoch back from the topic and skips a re-delivered epoch at or below
/// it, so an epoch that committed in Kafka just before a crash is not written twice.
/// <para>With <see cref="KafkaEnvelope.Upsert"/> the epoch's changes are folded per key (the last
/// inserted row wins; a key only retracted gets a tombstone) and written at commit. With
/// <see cref="KafkaEnvelope.Append"/> a retraction is an error (<see cref="AppendOnlyRetraction"/>).</para>
/// </summary>
public sealed class KafkaSink : ISink
{
    /// <summary>The record header holding the epoch (8 bytes, big-endian).</summary>
    public const string EpochHeader = "streamsql.epoch";

    /// <summary>How far back from each partition's end <see cref="Open"/> looks for the last committed epoch.</summary>
    private const int TailScan = 1000;

    private readonly KafkaSinkOptions options;
    private readonly StringWriter text = new(System.Globalization.CultureInfo.InvariantCulture);
    private readonly Dictionary<string, byte[]?> upserts = new(StringComparer.Ordinal);
    private IProducer<byte[]?, byte[]?>? producer;
    private RecordEncoder? encoder;
    private RecordEncoder? keyEncoder;
    private int[] keyColumns = [];
    private ImmutableArray<DataType> keyTypes = [];
    private string name = "";
    private long openEpoch = -1;
    private volatile string? deliveryError;
    private Action<DeliveryReport<byte[]?, byte[]?>>? onDelivery;

    public KafkaSink(IReadOnlyDictionary<string, string> options, string? format, IReadOnlyDictionary<string, string>? formatOptions)
        : this(KafkaSinkOptions.Parse(options, format, formatOptions))
    {
    }

    public KafkaSink(KafkaSinkOptions options) => this.options = options;

    public KafkaSinkOptions Options => options;

    /// <summary>The newest epoch known to be committed in the topic (-1: none).</summary>
    public long LastCommittedEpoch { get; private set; } = -1;

    /// <summary>
    /// The error for a retraction reaching an append-only Kafka sink (SQLSTATE 42809); the planner
    /// gives the same text at CREATE SINK time for a query that can retract.
    /// </summary>
    public static SqlStateException AppendOnlyRetraction(string sink) => new("42809",
        $"sink \"{sink}\" is append-only but its query can retract rows (updates or deletes): a Kafka topic read as a stream of inserts "
        + "cannot take a row back. Give the sink a key and envelope = 'upsert' (a retraction becomes a tombstone for its key), "
        + "or make the query append-only (for example EMIT ON WINDOW CLOSE)");

    public void Open(string name, RowSchema schema)
    {
        if (producer is not null)
            throw new InvalidOperationException("the sink was already opened");
        this.name = name;
        var keys = new List<int>();
        foreach (var k in options.Key)
        {
            int index = schema.IndexOf(k);
            if (index < 0)
                throw ConnectorOptions.Invalid($"key column '{k}' of sink \"{name}\" is not a column of its query; columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}");
            keys.Add(index);
        }
        keyColumns = [.. keys];
        keyTypes = [.. keyColumns.Select(i => schema[i].Type)];
        encoder = RecordEncoder.Create(options.Format, schema, withDiff: false);
        if (keyColumns.Length > 0)
            keyEncoder = RecordEncoder.Create(options.Format, new RowSchema([.. keyColumns.Select(i => schema[i])]), withDiff: false);
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            TransactionalId = KafkaSinkOptions.TransactionalIdFor(name),
            EnableIdempotence = true,
        };
        foreach (var (k, v) in options.Properties)
            config.Set(k, v);
        producer = new ProducerBuilder<byte[]?, byte[]?>(config).SetLogHandler(static (_, _) => { }).Build();
        onDelivery = report =>
        {
            if (report.Error.IsError)
                deliveryError = report.Error.Reason;
        };
        try
        {
            // Fences every earlier producer with this id and aborts the transaction it left open.
            producer.InitTransactions(options.Timeout);
        }
        catch (KafkaException e)
        {
            throw new SqlStateException("08006", $"sink \"{name}\": cannot start Kafka transactions on '{options.BootstrapServers}': {e.Error.Reason}");
        }
        // Only now: a transaction left open by the fenced producer would hold read_committed readers back.
        LastCommittedEpoch = ReadLastCommittedEpoch();
    }

    public void Write(long epoch, Batch changes)
    {
        var producer = this.producer ?? throw new InvalidOperationException("the sink was not opened");
        if (epoch <= LastCommittedEpoch || changes.RowCount == 0)
            return;
        Begin(producer, epoch);
        Batch? keyBatch = keyColumns.Length > 0
            ? changes.WithColumns(keyTypes, [.. keyColumns.Select(i => changes.Columns[i])], new bool[keyColumns.Length])
            : null;
        var headers = EpochHeaders(epoch);
        for (int i = 0; i < changes.RowCount; i++)
        {
            int row = changes.RowIndex(i);
            int weight = changes.Weights[row];
            byte[]? key = keyBatch is null ? null : Encode(keyEncoder!, keyBatch, row);
            if (options.Envelope == KafkaEnvelope.Upsert)
            {
                var id = Convert.ToBase64String(key!);
                if (weight > 0)
                    upserts[id] = Encode(encoder!, changes, row);
                else if (!upserts.TryGetValue(id, out var current) || current is null)
                    upserts[id] = null;
                continue;
            }
            if (weight < 0)
            {
                Abort(producer);
                throw AppendOnlyRetraction(name);
            }
            var value = Encode(encoder!, changes, row);
            for (int n = 0; n < weight; n++)
                Produce(producer, key, value, headers);
        }
    }

    public void Commit(long epoch)
    {
        var producer = this.producer ?? throw new InvalidOperationException("the sink was not opened");
        if (epoch <= LastCommittedEpoch)
            return;
        if (upserts.Count > 0)
        {
            Begin(producer, epoch);
            var headers = EpochHeaders(epoch);
            foreach (var (id, value) in upserts)
                Produce(producer, Convert.FromBase64String(id), value, headers);
            upserts.Clear();
        }
        if (openEpoch < 0)
            return;
        try
        {
            producer.CommitTransaction(options.Timeout);
        }
        catch (KafkaException e)
        {
            Abort(producer);
            throw new SqlStateException("08006", $"sink \"{name}\": committing epoch {epoch} to Kafka failed: {e.Error.Reason}");
        }
        if (deliveryError is { } error)
            throw new SqlStateException("08006", $"sink \"{name}\": a record of epoch {epoch} was not delivered: {error}");
        openEpoch = -1;
        LastCommittedEpoch = epoch;
    }

    /// <summary>
    /// Drops the epoch in progress (its records are never seen by <c>read_committed</c> readers);
    /// the engine calls it when an epoch fails before its commit, then delivers the epoch again.
    /// </summary>
    public void AbortEpoch()
    {
        upserts.Clear();
        if (producer is not null)
            Abort(producer);
    }

    /// <summary>Closes the producer without committing: an open transaction stays open until the next <see cref="Open"/> of the same sink aborts it.</summary>
    public void Dispose()
    {
        producer?.Dispose();
        producer = null;
        text.Dispose();
    }

    private void Begin(IProducer<byte[]?, byte[]?> producer, long epoch)
    {
        if (openEpoch == epoch)
            return;
        if (openEpoch >= 0)
            Abort(producer); // an epoch that never committed is delivered again from its start
        deliveryError = null;
        producer.BeginTransaction();
        openEpoch = epoch;
    }

    private void Abort(IProducer<byte[]?, byte[]?> producer)
    {
        if (openEpoch < 0)
            return;
        openEpoch = -1;
        try
        {
            producer.AbortTransaction(options.Timeout);
        }
        catch (KafkaException e)
        {
            throw new SqlStateException("08006", $"sink \"{name}\": aborting a Kafka transaction failed: {e.Error.Reason}");
        }
    }

    private void Produce(IProducer<byte[]?, byte[]?> producer, byte[]? key, byte[]? value, Headers headers)
    {
        var message = new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers };
        while (true)
        {
            try
            {
                producer.Produce(options.Topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is a bounded buffer: wait for deliveries instead of growing it.
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    private byte[] Encode(RecordEncoder encoder, Batch batch, int row)
    {
        var sb = text.GetStringBuilder();
        sb.Clear();
        encoder.Write(text, batch, row, 1);
        int length = sb.Length;
        if (length > 0 && sb[length - 1] == '\n')
            length--;
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(length);
        sb.CopyTo(0, chars, 0, length);
        var bytes = Encoding.UTF8.GetBytes(chars, 0, length);
        System.Buffers.ArrayPool<char>.Shared.Return(chars);
        return bytes;
    }

    private static Headers EpochHeaders(long epoch)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, epoch);
        return [new Header(EpochHeader, bytes)];
    }

    /// <summary>
    /// The largest epoch header among the last committed records of every partition: epochs only
    /// grow, so the newest committed transaction ends some partition. -1 for an empty or new topic.
    /// </summary>
    private long ReadLastCommittedEpoch()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = KafkaSinkOptions.TransactionalIdFor(name) + "-recovery",
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        };
        foreach (var (k, v) in options.Properties)
            if (k is "security.protocol" or "client.id" || k.StartsWith("sasl.", StringComparison.Ordinal) || k.StartsWith("ssl.", StringComparison.Ordinal))
                config.Set(k, v);
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler(static (_, _) => { }).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        Metadata metadata;
        try
        {
            metadata = admin.GetMetadata(options.Topic, options.Timeout);
        }
        catch (KafkaException e)
        {
            throw new SqlStateException("08006", $"sink \"{name}\": cannot read metadata of topic '{options.Topic}' from '{options.BootstrapServers}': {e.Error.Reason}");
        }
        var topic = metadata.Topics.FirstOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.IsError)
            return -1;
        long last = -1;
        var deadline = DateTime.UtcNow + options.Timeout;
        foreach (var p in topic.Partitions)
        {
            var tp = new TopicPartition(options.Topic, p.PartitionId);
            var marks = consumer.QueryWatermarkOffsets(tp, options.Timeout);
            if (marks.High.Value <= marks.Low.Value)
                continue;
            consumer.Assign(new TopicPartitionOffset(tp, Math.Max(marks.Low.Value, marks.High.Value - TailScan)));
            while (DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                    continue;
                if (result.IsPartitionEOF)
                    break;
                if (result.Message.Headers.TryGetLastBytes(EpochHeader, out var bytes) && bytes.Length == 8)
                    last = Math.Max(last, BinaryPrimitives.ReadInt64BigEndian(bytes));
            }
            consumer.Unassign();
        }
        return last;
    }
}
