using System.Net;
using System.Net.Sockets;
using StreamSql.KafkaMock;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Kafka.Tests;

public sealed class KafkaSourceTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly RowSchema Bids = RowSchema.Of(("id", DataType.Int64), ("ts", DataType.TimestampTz));

    private MockKafkaCluster Cluster => fixture.Cluster;

    private static long Micros(int seconds) => seconds * 1_000_000L;

    private static string Bid(long id, int seconds) =>
        $$"""{"id":{{id}},"ts":"{{DateTimeOffset.UnixEpoch.AddSeconds(seconds):yyyy-MM-dd HH:mm:ss}}+00"}""";

    private string NewTopic(string name)
    {
        Assert.Equal(MockKafkaCluster.DefaultPartitions, Cluster.EnsureTopic(name));
        return name;
    }

    private KafkaSource Source(string topic, RowSchema schema, params (string, string)[] more) =>
        new(SourceDriver.With(Cluster.Bootstrap, topic, more), null, null, schema, eventTimeColumn: schema.IndexOf("ts") >= 0 ? "ts" : null);

    [Fact]
    public async Task ReadsEveryPartitionWithMetadataAndReportsBadRecords()
    {
        var topic = NewTopic("meta");
        Cluster.Produce(topic, Bid(1, 10), partition: 0, key: "k1", timestamp: DateTimeOffset.UnixEpoch.AddSeconds(100));
        Cluster.Produce(topic, "{not json", partition: 1);
        Cluster.Produce(topic, Bid(2, 11), partition: 2);
        Cluster.Produce(topic, Bid(3, 12), partition: 3);
        var schema = RowSchema.Of(("_key", DataType.Text), ("id", DataType.Int64), ("_partition", DataType.Int32),
            ("ts", DataType.TimestampTz), ("_offset", DataType.Int64), ("_timestamp", DataType.TimestampTz));
        await using var driver = new SourceDriver(Source(topic, schema));
        var rows = driver.Take(4, countErrors: true).OrderBy(r => (long)r[1]!).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["k1", 1L, 0, Micros(10), 0L, Micros(100)], rows[0]);
        Assert.Equal([null, 2L, 2, Micros(11), 0L], rows[1][..5]);
        Assert.Equal(3, rows[2][2]);
        var bad = Assert.Single(driver.Errors.Reports);
        Assert.Equal(("{not json", "1/0"), (bad.Raw, bad.Position));
        Assert.NotEmpty(bad.Error);
        // The bad record still moves the position: a restart does not see it again.
        Assert.Equal("0:1,1:1,2:1,3:1", driver.Position.Value);
    }

    [Fact]
    public async Task ATombstoneIsABadRecordAndAnEmptyKeyIsNotNull()
    {
        var topic = NewTopic("tombstones");
        Cluster.Produce(topic, null, partition: 0, key: "gone");
        Cluster.Produce(topic, Bid(1, 1), partition: 0, key: "");
        Cluster.Produce(topic, Bid(2, 2), partition: 0);
        var schema = RowSchema.Of(("_key", DataType.Text), ("id", DataType.Int64));
        await using var driver = new SourceDriver(Source(topic, schema));
        var rows = driver.Take(3, countErrors: true);
        Assert.Equal([["", 1L], [null, 2L]], rows);
        var bad = Assert.Single(driver.Errors.Reports);
        Assert.Equal(("", "the record has no value (a tombstone)", "0/0"), bad);
        Assert.Equal("0:3,1:0,2:0,3:0", driver.Position.Value);
    }

    [Fact]
    public async Task RestartFromAPositionReadsExactlyTheFollowingRecords()
    {
        var topic = NewTopic("restart");
        for (int p = 0; p < 4; p++)
            Cluster.ProduceMany(topic, Enumerable.Range(0, 50).Select(i => Bid(p * 1000 + i, i)), partition: p);
        var seen = new List<long>();
        SourcePosition position;
        await using (var first = new SourceDriver(Source(topic, Bids)))
        {
            seen.AddRange(first.Take(70, maxRowsPerPoll: 7).Select(r => (long)r[0]!));
            position = first.Position;
        }
        // The position counts exactly what was polled, per partition.
        Assert.Equal(70L, KafkaPosition.Parse(position.Value).NextOffsets.Values.Sum());
        Cluster.ProduceMany(topic, Enumerable.Range(50, 10).Select(i => Bid(1000 + i, i)), partition: 1);
        await using var second = new SourceDriver(Source(topic, Bids), position);
        seen.AddRange(second.Take(140).Select(r => (long)r[0]!));
        second.AssertNothingMore(TimeSpan.FromMilliseconds(500));
        var expected = Enumerable.Range(0, 4).SelectMany(p => Enumerable.Range(0, p == 1 ? 60 : 50).Select(i => (long)(p * 1000 + i)));
        Assert.Equal(expected.Order(), seen.Order());
    }

    [Fact]
    public async Task LatestSkipsWhatIsAlreadyThereAndLogsANumericStart()
    {
        var topic = NewTopic("latest");
        Cluster.Produce(topic, Bid(1, 1), partition: 0);
        await using var driver = new SourceDriver(Source(topic, Bids, ("startup", "latest")));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (driver.Source.Metrics().Count < 4 && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Cluster.Produce(topic, Bid(2, 2), partition: 0);
        Assert.Equal(2L, driver.Take(1).Single()[0]);
        Assert.Equal("0:2,1:0,2:0,3:0", driver.Position.Value);
    }

    [Fact]
    public async Task TheOffsetsLatestGaveAreCommittedToTheGroupSoARestartWithoutAPositionStartsThere()
    {
        var topic = NewTopic("latest-restart");
        Cluster.ProduceMany(topic, Enumerable.Range(0, 6).Select(i => Bid(i, i)), partition: 0);
        Cluster.Produce(topic, Bid(50, 50), partition: 2);
        await using (var first = new SourceDriver(Source(topic, Bids, ("group.id", "latest-restart"), ("startup", "latest"))))
        {
            // Committed before anything is read (a checkpoint would commit later positions only).
            using var watcher = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
                new Confluent.Kafka.ConsumerConfig { BootstrapServers = Cluster.Bootstrap, GroupId = "latest-restart" }).Build();
            var partitions = Enumerable.Range(0, 4).Select(p => new Confluent.Kafka.TopicPartition(topic, p)).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            List<long> offsets;
            do
            {
                offsets = [.. watcher.Committed(partitions, TimeSpan.FromSeconds(5)).OrderBy(c => c.Partition.Value).Select(c => c.Offset.Value)];
                if (offsets.All(o => o >= 0))
                    break;
                Thread.Sleep(50);
            }
            while (DateTime.UtcNow < deadline);
            Assert.Equal([6L, 0L, 1L, 0L], offsets);

            Cluster.Produce(topic, Bid(7, 7), partition: 0);
            Cluster.Produce(topic, Bid(8, 8), partition: 1);
            Assert.Equal([7L, 8L], first.Take(2).Select(r => (long)r[0]!).Order());
            // Killed here, before a checkpoint: the server has no position of its own for the source.
        }

        Cluster.Produce(topic, Bid(9, 9), partition: 3);
        // The restarted source (no position, startup 'latest' again) reads what the first one read and
        // what came after it, which the logged epochs run again from; not only what comes from now on.
        await using var second = new SourceDriver(Source(topic, Bids, ("group.id", "latest-restart"), ("startup", "latest")));
        Assert.Equal([7L, 8L, 9L], second.Take(3).Select(r => (long)r[0]!).Order());
        second.AssertNothingMore(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task WatermarkIsTheMinimumOverActivePartitionsAndIdlePartitionsStopHoldingItBack()
    {
        var topic = NewTopic("watermark");
        var time = new ManualTime();
        // Event time out of order within partition 0 and across partitions; partitions 2 and 3 stay empty.
        Cluster.Produce(topic, Bid(1, 10), partition: 0);
        Cluster.Produce(topic, Bid(2, 5), partition: 0);
        Cluster.Produce(topic, Bid(3, 3), partition: 1);
        await using var driver = new SourceDriver(Source(topic, Bids, ("idle_timeout", "30 seconds")), time: time);
        driver.Take(3);
        // Empty partitions are active until the idle timeout passes: they hold the watermark back.
        Assert.Null(driver.Source.Watermark());
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.All(driver.Source.Metrics(), m => Assert.True(m.Idle));
        Assert.Null(driver.Source.Watermark());
        Cluster.Produce(topic, Bid(4, 20), partition: 0);
        Cluster.Produce(topic, Bid(5, 7), partition: 1);
        driver.Take(2);
        Assert.Equal(Micros(7), driver.Source.Watermark());
        var metrics = driver.Source.Metrics();
        Assert.Equal([false, false, true, true], metrics.Select(m => m.Idle));
        Assert.Equal([Micros(20), Micros(7), (long?)null, null], metrics.Select(m => m.MaxEventTime));
        time.Advance(TimeSpan.FromSeconds(31));
        Cluster.Produce(topic, Bid(6, 30), partition: 0);
        driver.Take(1);
        // Partition 1 went quiet: only partition 0 counts now.
        Assert.Equal(Micros(30), driver.Source.Watermark());
    }

    [Fact]
    public async Task MetricsShowLagAndCountsAndCommittedOffsetsReachTheGroup()
    {
        var topic = NewTopic("metrics");
        Cluster.ProduceMany(topic, Enumerable.Range(0, 40).Select(i => Bid(i, i)), partition: 2);
        await using var driver = new SourceDriver(Source(topic, Bids, ("group.id", "watchers")));
        driver.Take(15);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        KafkaPartitionMetrics p2;
        do
        {
            Thread.Sleep(50);
            p2 = driver.Source.Metrics()[2];
        }
        while (p2.HighWatermark < 40 && DateTime.UtcNow < deadline);
        Assert.Equal((15L, 40L, 25L, 40L), (p2.NextOffset, p2.HighWatermark, p2.Lag, p2.Records));
        Assert.True(p2.Bytes > 40 * 30);
        driver.Source.OnEpochCommitted(driver.Position);
        using var watcher = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
            new Confluent.Kafka.ConsumerConfig { BootstrapServers = Cluster.Bootstrap, GroupId = "watchers" }).Build();
        long committed = -1;
        while (committed != 15 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
            committed = watcher.Committed([new Confluent.Kafka.TopicPartition(topic, 2)], TimeSpan.FromSeconds(5)).Single().Offset.Value;
        }
        Assert.Equal(15, committed);
    }

    [Fact]
    public async Task WithoutAPositionOfItsOwnASourceResumesWhereItsGroupCommittedAndStartupAppliesToTheRest()
    {
        var topic = NewTopic("group-resume");
        Cluster.ProduceMany(topic, Enumerable.Range(0, 30).Select(i => Bid(i, i)), partition: 0);
        Cluster.ProduceMany(topic, Enumerable.Range(0, 5).Select(i => Bid(100 + i, i)), partition: 1);
        await using (var first = new SourceDriver(Source(topic, Bids, ("group.id", "resumers"))))
        {
            first.Take(35);
            // The group hears of positions as epochs (or checkpoints) commit; only partition 0's is committed here.
            var position = KafkaPosition.Parse(first.Position.Value);
            first.Source.OnEpochCommitted(new SourcePosition($"0:{position.NextOffsets[0] - 10}"));
            using var watcher = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
                new Confluent.Kafka.ConsumerConfig { BootstrapServers = Cluster.Bootstrap, GroupId = "resumers" }).Build();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (watcher.Committed([new Confluent.Kafka.TopicPartition(topic, 0)], TimeSpan.FromSeconds(5)).Single().Offset.Value != 20 && DateTime.UtcNow < deadline)
                Thread.Sleep(100);
        }

        Cluster.Produce(topic, Bid(30, 30), partition: 0);
        // A new source in the same group (no position: a new server, or none kept): partition 0 from the
        // group's offset 20; partition 1, which the group never committed, as startup = 'latest' says.
        await using var second = new SourceDriver(Source(topic, Bids, ("group.id", "resumers"), ("startup", "latest")));
        var ids = second.Take(11).Select(r => (long)r[0]!).Order().ToList();
        Assert.Equal(Enumerable.Range(20, 11).Select(i => (long)i), ids);
        second.AssertNothingMore(TimeSpan.FromMilliseconds(500));
        Assert.Equal("0:31,1:5,2:0,3:0", second.Position.Value);
    }

    [Fact]
    public async Task AFullBufferPausesThePartitionsAndNothingIsLostOrDoubled()
    {
        var topic = NewTopic("pressure");
        const int total = 20_000;
        for (int p = 0; p < 4; p++)
            Cluster.ProduceMany(topic, Enumerable.Range(0, total / 4).Select(i => Bid(p * 100_000 + i, i)), partition: p);
        var options = KafkaSourceOptions.Parse(SourceDriver.With(Cluster.Bootstrap, topic), null, null) with { BufferRecords = 500 };
        var source = new KafkaSource(options, Bids);
        await using var driver = new SourceDriver(source);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!source.Metrics().Any(m => m.Paused) && DateTime.UtcNow < deadline)
            Thread.Sleep(20);
        Thread.Sleep(500);
        Assert.True(source.Metrics().All(m => m.Paused));
        // Bounded: at most the buffer plus the records one consume call was handing over.
        Assert.InRange(source.BufferedRecords, 500, 500 + 1);
        var ids = driver.Take(total, maxRowsPerPoll: 300, timeoutSeconds: 60).Select(r => (long)r[0]!).ToList();
        Assert.Equal(total, ids.Distinct().Count());
        driver.AssertNothingMore(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task PausingWithALargeReadAheadLosesNothing()
    {
        var topic = NewTopic("pressure-large");
        const int total = 120_000;
        for (int p = 0; p < 4; p++)
            Cluster.ProduceMany(topic, Enumerable.Range(0, total / 4).Select(i => Bid(p * 1_000_000 + i, i)), partition: p);
        var options = KafkaSourceOptions.Parse(SourceDriver.With(Cluster.Bootstrap, topic), null, null) with { BufferRecords = 20_000 };
        await using var driver = new SourceDriver(new KafkaSource(options, Bids));
        Thread.Sleep(1000);
        var ids = driver.Take(total, maxRowsPerPoll: 8192, timeoutSeconds: 60).Select(r => (long)r[0]!).ToList();
        Assert.Equal(total, ids.Distinct().Count());
        Assert.Equal("0:30000,1:30000,2:30000,3:30000", driver.Position.Value);
    }

    /// <summary>A source whose bootstrap server is a loopback port nobody listens on yet (a forwarder may later).</summary>
    private static (KafkaSource Source, int Port) SourceOnAFreePort(string topic)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return (new KafkaSource(SourceDriver.With($"127.0.0.1:{port}", topic, ("properties.reconnect.backoff.max.ms", "500")), null, null, Bids), port);
    }

    [Fact]
    public async Task WaitsForUnreachableBrokersAndResumesWhenTheyAppear()
    {
        var topic = NewTopic("retry");
        Cluster.Produce(topic, Bid(1, 1), partition: 0);
        // A port nobody listens on yet; later a forwarder on it leads to the mock cluster.
        var (source, port) = SourceOnAFreePort(topic);
        await using var driver = new SourceDriver(source);
        Thread.Sleep(2500);
        Assert.False(source.HasPending);
        Assert.NotNull(source.LastError);
        Assert.Empty(source.Metrics());
        using var forwarder = new TcpForwarder(port, Cluster.Bootstrap.Split(',')[0]);
        Assert.Equal(1L, driver.Take(1, timeoutSeconds: 40).Single()[0]);
        Assert.Null(source.LastError);
    }

    [Fact]
    public async Task AnErrorIsOverOnceTheBrokersAnswerEvenWithoutRecords()
    {
        var topic = NewTopic("retry-quiet");
        var (source, port) = SourceOnAFreePort(topic);
        await using var driver = new SourceDriver(source);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (source.LastError is null && DateTime.UtcNow < deadline)
            Thread.Sleep(50);
        Assert.NotNull(source.LastError);

        // The brokers come back; the topic stays empty: the error is no longer reported.
        using var forwarder = new TcpForwarder(port, Cluster.Bootstrap.Split(',')[0]);
        deadline = DateTime.UtcNow.AddSeconds(40);
        while ((source.LastError is not null || source.Metrics().Count < MockKafkaCluster.DefaultPartitions) && DateTime.UtcNow < deadline)
            Thread.Sleep(50);
        Assert.Null(source.LastError);
        Assert.Equal(MockKafkaCluster.DefaultPartitions, source.Metrics().Count);
        Assert.False(source.HasPending);
    }
}
