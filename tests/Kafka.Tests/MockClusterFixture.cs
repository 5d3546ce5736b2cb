using StreamSql.KafkaMock;

namespace StreamSql.Kafka.Tests;

/// <summary>One mock Kafka cluster per test class; each test uses its own topics.</summary>
public sealed class MockClusterFixture : IDisposable
{
    public MockKafkaCluster Cluster { get; } = MockKafkaCluster.Start(brokers: 3);

    public void Dispose() => Cluster.Dispose();
}
