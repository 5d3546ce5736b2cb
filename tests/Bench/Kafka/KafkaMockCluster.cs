using Confluent.Kafka;

namespace StreamSql.Bench.Kafka;

/// <summary>
/// librdkafka's in-process mock cluster for the Kafka benchmark (the bench does not reference the
/// test helper program). Topics are created on first use with 4 partitions.
/// </summary>
internal sealed class KafkaMockCluster : IDisposable
{
    private readonly IProducer<byte[]?, byte[]?> owner;

    public KafkaMockCluster()
    {
        var config = new ProducerConfig { BootstrapServers = "unused:9092", LingerMs = 5, BatchSize = 1 << 20 };
        config.Set("test.mock.num.brokers", "1");
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        owner = new ProducerBuilder<byte[]?, byte[]?>(config)
            .SetLogHandler((_, m) =>
            {
                int i = m.Message.IndexOf("replaced with ", StringComparison.Ordinal);
                if (i >= 0)
                    found.TrySetResult(m.Message[(i + 14)..].Trim());
            })
            .Build();
        if (!found.Task.Wait(TimeSpan.FromSeconds(20)))
            throw new InvalidOperationException("the mock Kafka cluster did not start");
        Bootstrap = found.Task.Result;
    }

    public string Bootstrap { get; }

    /// <summary>Produces records round-robin over <paramref name="partitions"/> partitions; returns once all are written.</summary>
    public void Produce(string topic, int partitions, IEnumerable<byte[]> values)
    {
        int n = 0;
        foreach (var v in values)
        {
            var target = new TopicPartition(topic, n++ % partitions);
            while (true)
            {
                try
                {
                    owner.Produce(target, new Message<byte[]?, byte[]?> { Value = v });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    owner.Poll(TimeSpan.FromMilliseconds(5));
                }
            }
        }
        owner.Flush(TimeSpan.FromMinutes(2));
    }

    public void Dispose() => owner.Dispose();
}
