using System.Text;
using Confluent.Kafka;
using StreamSql.KafkaMock;
using StreamSql.Runtime;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Kafka.Tests;

public sealed class KafkaSinkTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly RowSchema Counts = RowSchema.Of(("k", DataType.Text), ("n", DataType.Int64));

    private MockKafkaCluster Cluster => fixture.Cluster;

    /// <summary>A real broker when one is given (transaction isolation tests), else the mock cluster.</summary>
    private string Servers => RealKafkaFactAttribute.Bootstrap is { Length: > 0 } real ? real : Cluster.Bootstrap;

    private KafkaSink Sink(string topic, params (string, string)[] more) => new(SourceDriver.With(Servers, topic, more), null, null);

    /// <summary>A fresh topic name (a real broker keeps topics between runs).</summary>
    private string NewTopic(string name)
    {
        var topic = $"{name}-{Guid.NewGuid():N}";
        if (RealKafkaFactAttribute.Bootstrap is not { Length: > 0 })
            Cluster.EnsureTopic(topic);
        else
            CreateOnBroker(topic);
        return topic;
    }

    private void CreateOnBroker(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Servers }).Build();
        admin.CreateTopicsAsync([new Confluent.Kafka.Admin.TopicSpecification { Name = topic, NumPartitions = MockKafkaCluster.DefaultPartitions, ReplicationFactor = 1 }])
            .GetAwaiter().GetResult();
    }

    private static Batch Rows(params (string K, long N, int Weight)[] rows) =>
        Batch.FromRows(Counts.Types, rows.Select(r => (new object?[] { r.K, r.N }, r.Weight)));

    /// <summary>Everything a read_committed consumer sees in the topic: (key, value or null).</summary>
    private List<(string? Key, string? Value)> ReadCommitted(string topic)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = Servers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Assign(Enumerable.Range(0, MockKafkaCluster.DefaultPartitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var result = new List<(string?, string?)>();
        int ended = 0;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (ended < MockKafkaCluster.DefaultPartitions && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null)
                continue;
            if (r.IsPartitionEOF)
            {
                ended++;
                continue;
            }
            result.Add((r.Message.Key is null ? null : Encoding.UTF8.GetString(r.Message.Key),
                r.Message.Value is null ? null : Encoding.UTF8.GetString(r.Message.Value)));
        }
        Assert.Equal(MockKafkaCluster.DefaultPartitions, ended);
        return result;
    }

    [Fact]
    public void OneTransactionPerEpochWithKeysInTheFormat()
    {
        var topic = NewTopic("sink");
        using var sink = Sink(topic, ("key", "k"));
        sink.Open("basic", Counts);
        sink.Write(1, Rows(("a", 1, 1), ("b", 2, 2)));
        sink.Write(1, Rows(("c", 3, 1)));
        sink.Commit(1);
        Assert.Equal(1, sink.LastCommittedEpoch);
        var seen = ReadCommitted(topic).OrderBy(r => r.Value).ToList();
        Assert.Equal([
            ("""{"k":"a"}""", """{"k":"a","n":1}"""),
            ("""{"k":"b"}""", """{"k":"b","n":2}"""),
            ("""{"k":"b"}""", """{"k":"b","n":2}"""),
            ("""{"k":"c"}""", """{"k":"c","n":3}"""),
        ], seen);
    }

    [RealKafkaFact]
    public void AnEpochInProgressIsInvisibleToReadCommittedReaders()
    {
        var topic = NewTopic("sink");
        using var sink = Sink(topic);
        sink.Open("pending", Counts);
        sink.Write(1, Rows(("a", 1, 1)));
        Assert.Empty(ReadCommitted(topic));
        sink.Commit(1);
        Assert.Single(ReadCommitted(topic));
    }

    [Fact]
    public void EveryRecordCarriesItsEpoch()
    {
        var topic = NewTopic("sink");
        using (var sink = Sink(topic))
        {
            sink.Open("epochs", Counts);
            sink.Write(5, Rows(("a", 1, 1)));
            sink.Commit(5);
            sink.Write(6, Rows(("b", 1, 1)));
            sink.Commit(6);
        }
        var config = new ConsumerConfig { BootstrapServers = Servers, GroupId = "epochs", AutoOffsetReset = AutoOffsetReset.Earliest };
        using var consumer = new ConsumerBuilder<Ignore, string>(config).Build();
        consumer.Assign(Enumerable.Range(0, MockKafkaCluster.DefaultPartitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var epochs = new List<(string, long)>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (epochs.Count < 2 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } r)
                epochs.Add((r.Message.Value, System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(r.Message.Headers.GetLastBytes(KafkaSink.EpochHeader))));
        }
        Assert.Equal([("""{"k":"a","n":1}""", 5L), ("""{"k":"b","n":1}""", 6L)], epochs.OrderBy(e => e.Item2));
    }

    [Fact]
    public void CsvWithoutKey()
    {
        var topic = NewTopic("sink");
        using var sink = new KafkaSink(SourceDriver.With(Servers, topic), "csv", null);
        sink.Open("csv", Counts);
        sink.Write(3, Rows(("x,y", 5, 1)));
        sink.Commit(3);
        Assert.Equal([(null, "\"x,y\",5")], ReadCommitted(topic));
    }

    [RealKafkaFact]
    public void AnEpochRedeliveredAfterACrashBeforeCommitIsSeenOnce()
    {
        var topic = NewTopic("sink");
        using (var first = Sink(topic))
        {
            first.Open("crashy", Counts);
            first.Write(1, Rows(("a", 1, 1)));
            first.Commit(1);
            first.Write(2, Rows(("b", 2, 1), ("c", 3, 1)));
            // The process dies here: epoch 2's transaction is left open.
        }
        using var second = Sink(topic);
        second.Open("crashy", Counts); // fences the first producer and aborts its open transaction
        Assert.Equal(1, second.LastCommittedEpoch);
        second.Write(2, Rows(("b", 2, 1), ("c", 3, 1)));
        second.Commit(2);
        Assert.Equal(["""{"k":"a","n":1}""", """{"k":"b","n":2}""", """{"k":"c","n":3}"""],
            ReadCommitted(topic).Select(r => r.Value).Order());
    }

    [Fact]
    public void AnEpochRedeliveredAfterItCommittedIsSkipped()
    {
        var topic = NewTopic("sink");
        using (var first = Sink(topic))
        {
            first.Open("again", Counts);
            first.Write(7, Rows(("a", 1, 1)));
            first.Commit(7);
        }
        using var second = Sink(topic);
        second.Open("again", Counts);
        Assert.Equal(7, second.LastCommittedEpoch);
        second.Write(7, Rows(("a", 1, 1)));
        second.Commit(7);
        second.Write(8, Rows(("b", 2, 1)));
        second.Commit(8);
        Assert.Equal(["""{"k":"a","n":1}""", """{"k":"b","n":2}"""], ReadCommitted(topic).Select(r => r.Value).Order());
    }

    [RealKafkaFact]
    public void AbortedEpochIsNeverSeen()
    {
        var topic = NewTopic("sink");
        using var sink = Sink(topic);
        sink.Open("aborting", Counts);
        sink.Write(1, Rows(("a", 1, 1)));
        sink.AbortEpoch();
        sink.Write(1, Rows(("a", 1, 1)));
        sink.Commit(1);
        Assert.Equal(["""{"k":"a","n":1}"""], ReadCommitted(topic).Select(r => r.Value));
    }

    [RealKafkaFact]
    public void ARestartedSinkFencesTheOldProducer()
    {
        var topic = NewTopic("sink");
        using var zombie = Sink(topic);
        zombie.Open("fenced", Counts);
        zombie.Write(1, Rows(("z", 9, 1)));
        using var successor = Sink(topic);
        successor.Open("fenced", Counts);
        var e = Assert.Throws<SqlStateException>(() => zombie.Commit(1));
        Assert.Equal("08006", e.SqlState);
        successor.Write(1, Rows(("a", 1, 1)));
        successor.Commit(1);
        Assert.Equal(["""{"k":"a","n":1}"""], ReadCommitted(topic).Select(r => r.Value));
    }

    [Fact]
    public void UpsertWritesTheLastRowPerKeyAndTombstonesForRetractions()
    {
        var topic = NewTopic("sink");
        using var sink = Sink(topic, ("key", "k"), ("envelope", "upsert"));
        sink.Open("upserts", Counts);
        sink.Write(1, Rows(("a", 1, 1), ("b", 1, 1)));
        sink.Commit(1);
        // -old +new for a, in either order within the epoch; b only retracted.
        sink.Write(2, Rows(("a", 2, 1), ("a", 1, -1), ("b", 1, -1)));
        sink.Commit(2);
        var seen = ReadCommitted(topic);
        Assert.Equal([("""{"k":"a"}""", """{"k":"a","n":1}"""), ("""{"k":"a"}""", """{"k":"a","n":2}""")],
            seen.Where(r => r.Key == """{"k":"a"}""").ToList());
        Assert.Equal([("""{"k":"b"}""", """{"k":"b","n":1}"""), ("""{"k":"b"}""", (string?)null)],
            seen.Where(r => r.Key == """{"k":"b"}""").ToList());
    }

    [Fact]
    public void AppendOnlySinkRefusesRetractions()
    {
        var topic = NewTopic("sink");
        using var sink = Sink(topic);
        sink.Open("appends", Counts);
        var e = Assert.Throws<SqlStateException>(() => sink.Write(1, Rows(("a", 1, 1), ("a", 1, -1))));
        Assert.Equal("42809", e.SqlState);
        Assert.StartsWith("sink \"appends\" is append-only but its query can retract rows", e.Message);
        Assert.Contains("envelope = 'upsert'", e.Message);
        // The refused epoch was aborted; it is delivered again (here without the retraction) and commits.
        sink.Write(1, Rows(("b", 2, 1)));
        sink.Commit(1);
        Assert.Equal(1, sink.LastCommittedEpoch);
        Assert.Contains((null, """{"k":"b","n":2}"""), ReadCommitted(topic));
    }

    [Fact]
    public void UnknownKeyColumn()
    {
        using var sink = Sink("sink-nokey", ("key", "missing"));
        var e = Assert.Throws<SqlStateException>(() => sink.Open("nokey", Counts));
        Assert.Equal("key column 'missing' of sink \"nokey\" is not a column of its query; columns: k, n", e.Message);
    }

    [Theory]
    [InlineData("envelope", "upsert", "envelope = 'upsert' of connector kafka (sink) requires option 'key'")]
    [InlineData("envelope", "debezium", "invalid value 'debezium' for option 'envelope' of connector kafka (sink); valid: 'append', 'upsert'")]
    [InlineData("key", "a,,b", "invalid value 'a,,b' for option 'key' of connector kafka (sink); expected column names separated by commas")]
    [InlineData("group.id", "g", "unknown option 'group.id' for connector kafka (sink); valid options: topic, bootstrap.servers, key, envelope, properties.*")]
    [InlineData("properties.transactional.id", "x", "option 'properties.transactional.id' of connector kafka (sink) cannot be set")]
    [InlineData("properties.linger.mss", "5", "invalid option 'properties.linger.mss' of connector kafka (sink): librdkafka: ")]
    public void BadOptions(string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => KafkaSinkOptions.Parse(SourceDriver.With("h:1", "t", (key, value)), null, null));
        Assert.Equal("22023", e.SqlState);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void TextFormatIsRefused()
    {
        var e = Assert.Throws<SqlStateException>(() => KafkaSinkOptions.Parse(SourceDriver.With("h:1", "t"), "text", null));
        Assert.Equal("format TEXT is not supported by connector kafka (sink); valid formats: JSON, CSV", e.Message);
    }

    [Fact]
    public void TransactionalIdIsStablePerSinkName() =>
        Assert.Equal(("streamsql-sink-a", "streamsql-sink-b"), (KafkaSinkOptions.TransactionalIdFor("a"), KafkaSinkOptions.TransactionalIdFor("b")));
}
