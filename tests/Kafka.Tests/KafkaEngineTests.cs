using StreamSql.KafkaMock;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Kafka.Tests;

/// <summary>
/// A Kafka source under the runtime's epochs: the source's watermark is the minimum over its active
/// partitions (not the largest event time of any row), and committed positions reach the group.
/// </summary>
public sealed class KafkaEngineTests(MockClusterFixture fixture) : IClassFixture<MockClusterFixture>
{
    private static readonly RowSchema Bids = RowSchema.Of(("id", DataType.Int64), ("ts", DataType.TimestampTz));

    private MockKafkaCluster Cluster => fixture.Cluster;

    private static long Micros(int seconds) => seconds * 1_000_000L;

    private static string Bid(long id, int seconds) =>
        $$"""{"id":{{id}},"ts":"{{DateTimeOffset.UnixEpoch.AddSeconds(seconds):yyyy-MM-dd HH:mm:ss}}+00"}""";

    private (StreamingRuntime Runtime, KafkaSource Source) Start(string topic, ManualTime time, params (string, string)[] more)
    {
        Assert.Equal(MockKafkaCluster.DefaultPartitions, Cluster.EnsureTopic(topic));
        var source = new KafkaSource(SourceDriver.With(Cluster.Bootstrap, topic, [("idle_timeout", "30 seconds"), .. more]), null, null, Bids, "ts");
        var runtime = new StreamingRuntime(time: time);
        runtime.CreateSource(new SourceDefinition("bids", Bids, new WatermarkSpec(1, Micros(1))), source);
        runtime.CreateMaterializedView("all_bids", new SourceScanNode("bids", Bids));
        return (runtime, source);
    }

    private static void RunUntil(StreamingRuntime runtime, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the runtime");
            runtime.RunEpoch();
            Thread.Sleep(20);
        }
    }

    private static long? Watermark(StreamingRuntime runtime) => runtime.GetWatermarks().Single(w => w.Name == "bids").WatermarkMicros;

    [Fact]
    public async Task ThePartitionBehindHoldsTheSourcesWatermarkBack()
    {
        var time = new ManualTime();
        var (runtime, source) = Start("engine-watermark", time);
        await using var _ = source;
        Cluster.Produce("engine-watermark", Bid(1, 100), partition: 0);
        Cluster.Produce("engine-watermark", Bid(2, 10), partition: 1);
        // Partitions 2 and 3 have nothing yet: active until the idle timeout, so no watermark at all.
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 2);
        runtime.RunEpoch();
        Assert.Null(Watermark(runtime));

        // Partitions that deliver nothing for the idle timeout stop counting; 0 and 1 deliver again.
        time.Advance(TimeSpan.FromSeconds(31));
        Cluster.Produce("engine-watermark", Bid(3, 120), partition: 0);
        Cluster.Produce("engine-watermark", Bid(4, 10), partition: 1);
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 4);
        runtime.RunEpoch();
        // The minimum of the active partitions' largest event times (10 s) minus the 1 s delay, where the
        // largest over all rows would have given 119 s and made partition 1's rows late.
        Assert.Equal(Micros(9), Watermark(runtime));

        Cluster.Produce("engine-watermark", Bid(5, 50), partition: 1);
        RunUntil(runtime, () => Watermark(runtime) == Micros(49));
        Assert.Equal(5, runtime.ReadRelation("all_bids").Rows.Count);
    }

    [Fact]
    public async Task EveryEpochCommitsThePolledOffsetsToTheGroup()
    {
        var time = new ManualTime();
        var (runtime, source) = Start("engine-commit", time, ("group.id", "engine-readers"));
        await using var _ = source;
        Cluster.ProduceMany("engine-commit", Enumerable.Range(0, 12).Select(i => Bid(i, i)), partition: 3);
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 12);
        runtime.RunEpoch();

        using var watcher = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
            new Confluent.Kafka.ConsumerConfig { BootstrapServers = Cluster.Bootstrap, GroupId = "engine-readers" }).Build();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        long committed = -1;
        while (committed != 12 && DateTime.UtcNow < deadline)
        {
            runtime.RunEpoch();
            Thread.Sleep(100);
            committed = watcher.Committed([new Confluent.Kafka.TopicPartition("engine-commit", 3)], TimeSpan.FromSeconds(5)).Single().Offset.Value;
        }

        Assert.Equal(12, committed);
    }

    [Fact]
    public async Task WithCommitsLeftToCheckpointsNothingIsCommittedPerEpoch()
    {
        var time = new ManualTime();
        var (runtime, source) = Start("engine-nocommit", time, ("group.id", "engine-careful"));
        await using var _ = source;
        runtime.CommitSourcesEachEpoch = false;
        Cluster.ProduceMany("engine-nocommit", Enumerable.Range(0, 5).Select(i => Bid(i, i)), partition: 0);
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 5);
        for (int i = 0; i < 5; i++)
        {
            runtime.RunEpoch();
            Thread.Sleep(50);
        }

        using var watcher = new Confluent.Kafka.ConsumerBuilder<Confluent.Kafka.Ignore, Confluent.Kafka.Ignore>(
            new Confluent.Kafka.ConsumerConfig { BootstrapServers = Cluster.Bootstrap, GroupId = "engine-careful" }).Build();
        var offset = watcher.Committed([new Confluent.Kafka.TopicPartition("engine-nocommit", 0)], TimeSpan.FromSeconds(5)).Single().Offset;
        Assert.True(offset == Confluent.Kafka.Offset.Unset, $"committed {offset}");

        // A checkpoint on disk hands its positions over explicitly.
        runtime.CommitSourcePositions(runtime.SourcePositions());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (offset != 5 && DateTime.UtcNow < deadline)
        {
            runtime.RunEpoch();
            Thread.Sleep(100);
            offset = watcher.Committed([new Confluent.Kafka.TopicPartition("engine-nocommit", 0)], TimeSpan.FromSeconds(5)).Single().Offset;
        }

        Assert.Equal(5, offset.Value);
    }

    [Fact]
    public async Task AnEpochRunAgainReadsExactlyItsLoggedOffsetsInEveryPartition()
    {
        // Four partitions interleave in the source's buffer in whatever order their fetches return: the
        // same number of records could be another mix of partitions. A replayed epoch reads each
        // partition up to its logged offset, so every epoch has the very rows it had.
        const string topic = "engine-replay";
        var (runtime, source) = Start(topic, new ManualTime());
        await using var _ = source;
        var log = new List<EpochRecord>();
        runtime.EpochLog = log.Add;
        using var changes = runtime.Subscribe("all_bids");
        int id = 0;
        for (int wave = 0; wave < 4; wave++)
        {
            for (int partition = 0; partition < 4; partition++)
                Cluster.ProduceMany(topic, Enumerable.Range(0, 3 + partition + wave).Select(_ => { id++; return Bid(id, id); }), partition);
            RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == id);
        }

        var expected = Changes(changes);
        Assert.Equal(id, expected.Sum(e => e.Split(' ').Length - 1));
        Assert.Contains(log, r => r.Sources.Any(s => s.Rows > 0));

        // (Another consumer group: the first runtime committed its offsets to the default one, and a
        // source without a position of its own resumes from its group's offsets.)
        var (again, sameTopic) = Start(topic, new ManualTime(), ("group.id", "engine-replay-again"));
        await using var __ = sameTopic;
        using var replayed = again.Subscribe("all_bids");
        again.Replaying = true;
        foreach (var record in log)
            Assert.Equal("", string.Join("\n", again.ReplayEpoch(record, TimeSpan.FromSeconds(20)).Differences));
        Assert.Equal(expected, Changes(replayed));
        Assert.Equal(runtime.SourcePositions()["bids"], again.SourcePositions()["bids"]);
    }

    [Fact]
    public async Task AfterACrashBeforeTheFirstCheckpointLatestAndIdlePartitionsReplayAsTheyRan()
    {
        // A source with startup 'latest', its epochs logged, killed before a checkpoint (so the server
        // has no position of its own and the group was told nothing by a checkpoint); meanwhile two of
        // its partitions went idle by the clock and let the watermark move.
        const string topic = "engine-latest-crash";
        Assert.Equal(MockKafkaCluster.DefaultPartitions, Cluster.EnsureTopic(topic));
        Cluster.Produce(topic, Bid(1000, 1), partition: 0); // before the source: 'latest' skips it
        var time = new ManualTime();
        var (runtime, source) = Start(topic, time, ("startup", "latest"), ("group.id", topic));
        runtime.CommitSourcesEachEpoch = false; // as with a data directory: positions reach the group at checkpoints
        var log = new List<EpochRecord>();
        runtime.EpochLog = log.Add;
        using var changes = runtime.Subscribe("all_bids");
        RunUntil(runtime, () => source.Metrics().Count == MockKafkaCluster.DefaultPartitions);
        Cluster.ProduceMany(topic, [Bid(1, 100), Bid(2, 101)], partition: 0);
        Cluster.Produce(topic, Bid(3, 10), partition: 1);
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 3);
        time.Advance(TimeSpan.FromSeconds(31));
        Cluster.Produce(topic, Bid(4, 120), partition: 0);
        Cluster.Produce(topic, Bid(5, 20), partition: 1);
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 5 && Watermark(runtime) == Micros(19));
        var expected = Changes(changes);
        await source.DisposeAsync();

        // The restarted source has 'latest' again and a fresh clock (no partition idle yet).
        var (again, restarted) = Start(topic, new ManualTime(), ("startup", "latest"), ("group.id", topic));
        await using var _ = restarted;
        using var replayed = again.Subscribe("all_bids");
        again.Replaying = true;
        var watermarks = new List<long?>();
        foreach (var record in log)
        {
            Assert.Equal("", string.Join("\n", again.ReplayEpoch(record, TimeSpan.FromSeconds(20)).Differences));
            watermarks.Add(Watermark(again));
        }

        Assert.Equal(expected, Changes(replayed));
        Assert.DoesNotContain(1000L, again.ReadRelation("all_bids").Rows.Select(r => (long)r[0]!));
        // Epoch by epoch, the watermark follows the event times logged (minus the 1 s delay), not
        // what the restarted source's partitions say.
        long? mark = null;
        for (int i = 0; i < log.Count; i++)
        {
            if (log[i].EventTimes.Single().Reached is long reached && (mark is null || reached - Micros(1) > mark))
                mark = reached - Micros(1);
            Assert.Equal(mark, watermarks[i]);
        }

        Assert.Equal(Micros(19), watermarks[^1]);
    }

    [Fact]
    public async Task EachPartitionReportsTheRecordsTheEpochsHaveNotTakenYet()
    {
        const string topic = "engine-lag";
        var time = new ManualTime();
        var (runtime, source) = Start(topic, time);
        await using var _ = source;
        RunUntil(runtime, () => source.Metrics().Count == MockKafkaCluster.DefaultPartitions);
        Cluster.ProduceMany(topic, Enumerable.Range(1, 5).Select(i => Bid(i, i)), partition: 0);
        Cluster.ProduceMany(topic, Enumerable.Range(6, 2).Select(i => Bid(i, i)), partition: 1);

        // No epoch runs: the records wait (read ahead into the source, or still at the broker) and are lag.
        string Lags() => string.Join(" ", runtime.SourcePartitions().Single(s => s.Source == "bids").Partitions.Select(p => $"{p.Partition}:{p.Lag}"));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Lags() != "0:5 1:2 2:0 3:0" && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // the source refreshes the brokers' high watermarks on its clock
            Thread.Sleep(50);
        }

        Assert.Equal("0:5 1:2 2:0 3:0", Lags());
        RunUntil(runtime, () => runtime.ReadRelation("all_bids").Rows.Count == 7);
        Assert.Equal("0:0 1:0 2:0 3:0", Lags());
        Assert.Equal([5L, 2L, 0L, 0L], runtime.SourcePartitions().Single().Partitions.Select(p => p.Records));
    }

    /// <summary>Each epoch's changes as "epoch: +id +id ...", ids sorted.</summary>
    private static List<string> Changes(ViewSubscription subscription)
    {
        var seen = new List<string>();
        while (subscription.Changes.TryRead(out var change))
            seen.Add($"{change.Epoch}: " + string.Join(" ", change.Rows.Select(r => (r.Diff, Id: (long)r.Values[0]!)).OrderBy(r => r.Id).Select(r => $"{r.Diff:+0;-0}{r.Id}")));
        return seen;
    }
}
