using System.Text;
using Confluent.Kafka;

namespace StreamSql.KafkaMock;

/// <summary>
/// librdkafka's mock cluster: brokers speaking the Kafka protocol on loopback ports (topics,
/// partitions, consumer groups, transactions), alive as long as this object. Any Kafka client in
/// any process reaches it through <see cref="Bootstrap"/>.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> owner;
    private readonly IAdminClient ownerAdmin;

    private MockKafkaCluster(IProducer<byte[]?, byte[]?> owner, string bootstrap)
    {
        this.owner = owner;
        Bootstrap = bootstrap;
        ownerAdmin = new DependentAdminClientBuilder(owner.Handle).Build();
    }

    /// <summary>The brokers' addresses, comma-separated, for <c>bootstrap.servers</c>.</summary>
    public string Bootstrap { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers; throws when librdkafka does not report its address in time.</summary>
    public static MockKafkaCluster Start(int brokers = 1)
    {
        var config = new ProducerConfig { BootstrapServers = "unused:9092", LingerMs = 0 };
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) =>
            {
                // librdkafka logs "... bootstrap.servers ... replaced with HOST:PORT,..." once the brokers listen.
                int i = m.Message.IndexOf("replaced with ", StringComparison.Ordinal);
                if (i >= 0)
                    found.TrySetResult(m.Message[(i + 14)..].Trim());
            })
            .Build();
        if (!found.Task.Wait(TimeSpan.FromSeconds(20)))
        {
            producer.Dispose();
            throw new InvalidOperationException("the mock Kafka cluster did not report its bootstrap servers");
        }
        return new MockKafkaCluster(producer, found.Task.Result);
    }

    /// <summary>
    /// Creates <paramref name="topic"/> if needed and returns its partition count. The mock cluster
    /// does not serve CreateTopics; it creates a topic when a producer first asks for its metadata,
    /// always with <see cref="DefaultPartitions"/> partitions.
    /// </summary>
    public int EnsureTopic(string topic)
    {
        var metadata = ownerAdmin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        return metadata.Topics.Single(t => t.Topic == topic).Partitions.Count;
    }

    /// <summary>How many partitions the mock cluster gives every topic.</summary>
    public const int DefaultPartitions = 4;

    /// <summary>Produces one record and waits for it to be written (partition -1: chosen by key).</summary>
    public void Produce(string topic, string? value, int partition = -1, string? key = null, DateTimeOffset? timestamp = null)
    {
        var message = new Message<byte[]?, byte[]?>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = value is null ? null : Encoding.UTF8.GetBytes(value),
            Timestamp = timestamp is { } t ? new Timestamp(t) : Timestamp.Default,
        };
        var target = partition >= 0 ? new TopicPartition(topic, partition) : new TopicPartition(topic, Partition.Any);
        owner.ProduceAsync(target, message).GetAwaiter().GetResult();
    }

    /// <summary>Produces many records without waiting for each; returns once all are written.</summary>
    public void ProduceMany(string topic, IEnumerable<string> values, int partition = -1)
    {
        var target = partition >= 0 ? new TopicPartition(topic, partition) : new TopicPartition(topic, Partition.Any);
        string? error = null;
        foreach (var v in values)
        {
            while (true)
            {
                try
                {
                    owner.Produce(target, new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(v) },
                        r => { if (r.Error.IsError) error = r.Error.Reason; });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    owner.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }
        owner.Flush(TimeSpan.FromSeconds(60));
        if (error is not null)
            throw new InvalidOperationException("producing to the mock cluster failed: " + error);
    }

    public void Dispose()
    {
        ownerAdmin.Dispose();
        owner.Dispose();
    }
}
