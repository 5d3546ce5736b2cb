using System.Text;
using Confluent.Kafka;
using StreamSql.KafkaMock;
using StreamSql.Runtime.Connectors.Kafka;

namespace StreamSql.Kafka.Tests;

/// <summary>
/// The source's two ways of taking records from the consumer (librdkafka's batch call on the
/// consumer's queue, and Confluent.Kafka's Consume) hand over the same records: offsets, keys,
/// values (none, empty, larger than a chunk), timestamps; and both report a consumer error.
/// </summary>
public sealed class KafkaBatchReaderTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private MockKafkaCluster Cluster => fixture.Cluster;

    private static IConsumer<byte[]?, byte[]?> Consumer(string bootstrap, AutoOffsetReset reset = AutoOffsetReset.Earliest) =>
        new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = reset,
        }).SetLogHandler(static (_, _) => { }).Build();

    private static List<KafkaRecord> ReadAll(IConsumer<byte[]?, byte[]?> consumer, bool native, int count, int batch)
    {
        using var reader = KafkaBatchReader.Create(consumer, native);
        Assert.Equal(native, reader.IsNative);
        var records = new List<KafkaRecord>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            int before = records.Count;
            Assert.Null(reader.Read(TimeSpan.FromMilliseconds(100), batch, records));
            Assert.InRange(records.Count - before, 0, batch);
        }
        return records;
    }

    private static string? Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : null;

    [Fact]
    public void BothReadersHandOverTheSameRecords()
    {
        var topic = "batch-reader-" + Guid.NewGuid().ToString("N");
        Cluster.EnsureTopic(topic);
        var at = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000);
        Cluster.Produce(topic, "first", partition: 1, key: "k1", timestamp: at);
        Cluster.Produce(topic, null, partition: 1, key: "gone", timestamp: at.AddMilliseconds(1));
        Cluster.Produce(topic, "", partition: 1, timestamp: at.AddMilliseconds(2));
        var large = new string('x', 40_000);
        Cluster.Produce(topic, large, partition: 1, key: "large", timestamp: at.AddMilliseconds(3));
        // Enough small records to fill several of the reader's chunks.
        Cluster.ProduceMany(topic, Enumerable.Range(0, 3000).Select(i => $"record {i} " + new string('y', i % 100)), partition: 1);
        const int total = 3004;

        var read = new Dictionary<bool, List<KafkaRecord>>();
        foreach (bool native in new[] { true, false })
        {
            using var consumer = Consumer(Cluster.Bootstrap);
            consumer.Assign(new TopicPartitionOffset(topic, 1, Offset.Beginning));
            read[native] = ReadAll(consumer, native, total, batch: 97);
            consumer.Close();
        }

        foreach (var records in read.Values)
        {
            Assert.Equal(total, records.Count);
            Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), records.Select(r => r.Offset));
            Assert.All(records, r => Assert.Equal(1, r.Partition));
            Assert.Equal(("k1", "first", at.ToUnixTimeMilliseconds() * 1000), (Text(records[0].Key), Text(records[0].Value), records[0].TimestampMicros));
            Assert.Equal(("gone", (string?)null), (Text(records[1].Key), Text(records[1].Value)));
            Assert.Equal(((string?)null, ""), (Text(records[2].Key), Text(records[2].Value)));
            Assert.Equal(0, records[1].ValueLength);
            Assert.Equal(("large", large), (Text(records[3].Key), Text(records[3].Value)));
            Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"record {i} " + new string('y', i % 100)), records.Skip(4).Select(r => Text(r.Value)));
        }
        Assert.Equal(read[false].Select(r => (r.Offset, r.TimestampMicros, Text(r.Key), Text(r.Value))),
            read[true].Select(r => (r.Offset, r.TimestampMicros, Text(r.Key), Text(r.Value))));
    }

    [Fact]
    public void BothReadersReportAnErrorOfTheConsumer()
    {
        foreach (bool native in new[] { true, false })
        {
            // An offset past the end with auto.offset.reset = error: librdkafka reports it as an error, not a record.
            var topic = "batch-reader-range-" + Guid.NewGuid().ToString("N");
            Cluster.EnsureTopic(topic);
            Cluster.Produce(topic, "only", partition: 0);
            using var consumer = Consumer(Cluster.Bootstrap, AutoOffsetReset.Error);
            consumer.Assign(new TopicPartitionOffset(topic, 0, 50));
            using var reader = KafkaBatchReader.Create(consumer, native);
            string? error = null;
            var records = new List<KafkaRecord>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (error is null && DateTime.UtcNow < deadline)
                error = reader.Read(TimeSpan.FromMilliseconds(100), 10, records);
            Assert.Empty(records);
            Assert.NotNull(error);
            Assert.Contains("offset", error, StringComparison.OrdinalIgnoreCase);
        }
    }
}
