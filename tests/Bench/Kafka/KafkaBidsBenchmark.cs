using System.Diagnostics;
using System.Text;
using StreamSql.Bench.Runtime;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Kafka;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Bench.Kafka;

/// <summary>
/// Nexmark bids as JSON (about 100 bytes each) in a 4-partition topic of librdkafka's mock
/// cluster, read by <see cref="KafkaSource"/>, decoded into batches and pushed through a 10 s
/// TUMBLE count/max(price) per auction, ON WINDOW CLOSE, one watermark per epoch. The producer
/// runs first and is not timed; the broker runs in this process, so CPU time includes it.
/// The mock broker keeps only the newest few MB of each partition (its log start moves on), so the
/// default 120,000 bids are all still there when the timed read starts (more than 180,000 is refused).
/// A first, untimed read of another topic warms the consumer, decoder and aggregate up, so the
/// timed read measures compiled code rather than the JIT; the timed read is repeated on fresh
/// topics (<c>kafka-bids [bids per round] [rounds=3]</c>) so later rounds show the steady state.
/// Then an overload phase: a producer that outpaces the consumer tenfold, with memory sampled.
/// Each round also reports the CPU without the mock broker's thread (a real broker runs elsewhere)
/// and the CPU per thread: the main thread polls the source, decodes and aggregates; the consumer's
/// own threads are librdkafka's fetcher (rdk:broker*) and the loop calling Confluent.Kafka's Consume
/// (.NET Long Running).
/// </summary>
public sealed class KafkaBidsBenchmark : IBenchmark
{
    private static readonly RowSchema Bids = RowSchema.Of(("auction", DataType.Int64), ("bidder", DataType.Int64),
        ("price", DataType.Int64), ("channel", DataType.Text), ("date_time", DataType.Timestamp));

    public string Name => "kafka-bids";

    public string Description => "Nexmark bids as JSON from a 4-partition mock Kafka topic through TUMBLE count/max: events/s per core; memory under 10x overload";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        int events = args.Count > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 120_000;
        if (events > 180_000)
            throw new ArgumentException("at most 180,000 bids: the mock broker keeps only about 5 MB (46,000 bids) of each of the 4 partitions");
        using var cluster = new KafkaMockCluster();
        cluster.Produce("warmup", 4, Enumerable.Range(0, 40_000).Select(i => Bid(i)));
        Measure(cluster, "warmup", 40_000, TextWriter.Null);
        int rounds = args.Count > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        for (int round = 1; round <= rounds; round++)
        {
            // A topic per round: the broker keeps too little of one partition for a longer run.
            string topic = $"bids-{round}";
            var sw = Stopwatch.StartNew();
            long bytes = 0;
            cluster.Produce(topic, 4, Enumerable.Range(0, events).Select(i =>
            {
                var b = Bid(i);
                bytes += b.Length;
                return b;
            }));
            output.WriteLine($"{Name}: round {round}: produced {events:N0} bids ({bytes / (double)events:F0} bytes each) in {sw.ElapsedMilliseconds} ms (not timed)");
            Measure(cluster, topic, events, output);
        }
        Overload(cluster, output);
    }

    private static byte[] Bid(long i)
    {
        // Event time advances 1 ms per bid; auctions cycle over 1000 ids.
        var at = new DateTime(2015, 7, 15, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(i);
        return Encoding.UTF8.GetBytes(
            $$"""{"auction":{{1000 + i % 1000}},"bidder":{{2000 + i * 7 % 5000}},"price":{{100 + i * 13 % 10000}},"channel":"channel-{{i % 10}}","date_time":"{{at:yyyy-MM-dd HH:mm:ss.fff}}"}""");
    }

    private void Measure(KafkaMockCluster cluster, string topic, int events, TextWriter output)
    {
        var scan = new TableScanNode("bids", Bids);
        var windowed = WindowAssignNode.Tumble(scan, 4, Interval.FromMicros(10 * Interval.MicrosPerSecond));
        AggregateCall[] aggs = [new AggregateCall("count", [], DataType.Int64), new AggregateCall("max", [new ColumnExpression(2, DataType.Int64)], DataType.Int64)];
        var outSchema = RowSchema.Of(("window_start", DataType.Timestamp), ("auction", DataType.Int64), ("n", DataType.Int64), ("max_price", DataType.Int64));
        var plan = new HashAggregateNode(windowed, [5, 0], [.. aggs], outSchema, EmitMode.OnWindowClose, WindowKey: 0);
        var counter = new RowCounter();
        var dataflow = new DataflowBuilder(new ExpressionCompiler(FunctionContext.Epoch0), new NullLateRowHandler()).Build(plan, counter);
        var entry = dataflow.Inputs[0].Entry;

        var options = KafkaSourceOptions.Parse(new Dictionary<string, string>
        {
            ["topic"] = topic,
            ["bootstrap.servers"] = cluster.Bootstrap,
        }, "json", null);
        var source = new KafkaSource(options, Bids, eventTimeColumn: "date_time");
        var errors = new CountingErrors();
        var cpu0 = RuntimeBenchData.Cpu();
        var threads0 = ThreadCpu();
        var sw = Stopwatch.StartNew();
        source.Start(new SourceContext(topic, Bids, null, errors, TimeProvider.System, CancellationToken.None));
        var builder = new BatchBuilder(Bids.Types, 8192);
        long rows = 0, epoch = 0;
        var lastProgress = Stopwatch.StartNew();
        while (rows + errors.Count < events)
        {
            if (!source.HasPending)
            {
                if (lastProgress.Elapsed > TimeSpan.FromSeconds(15))
                {
                    output.WriteLine($"{Name}: stalled after {rows:N0} bids ({errors.Count} bad); last error: {source.LastError}; "
                        + string.Join(" ", source.Metrics().Select(m => $"p{m.Partition}:next={m.NextOffset},high={m.HighWatermark}")));
                    break;
                }
                Thread.Sleep(1);
                continue;
            }
            lastProgress.Restart();
            source.Poll(builder, 8192);
            using var batch = builder.Build();
            rows += batch.RowCount;
            entry.OnBatch(batch);
            if (source.Watermark() is { } watermark)
                entry.OnWatermark(new Watermark(4, watermark));
            entry.OnEpochEnd(++epoch);
        }
        sw.Stop();
        var cpu = RuntimeBenchData.Cpu() - cpu0;
        // Before the consumer's threads end with it. The mock broker's own thread (librdkafka names it
        // rdk:mock) is left out of the second figure: a real broker runs elsewhere.
        var threads = ThreadCpu();
        var broker = threads.GetValueOrDefault("rdk:mock") - threads0.GetValueOrDefault("rdk:mock");
        source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        output.WriteLine($"{Name}: {rows:N0} bids ({errors.Count} bad), {epoch} epochs in {sw.Elapsed.TotalMilliseconds:F0} ms = "
            + $"{rows / sw.Elapsed.TotalSeconds / 1e3:F0}K events/s wall, {rows / cpu.TotalSeconds / 1e3:F0}K events per cpu-s "
            + $"(consumer, decoder, aggregate and the in-process broker), {rows / (cpu - broker).TotalSeconds / 1e3:F0}K without the broker's thread "
            + $"({broker.TotalMilliseconds:F0} of {cpu.TotalMilliseconds:F0} ms); {counter.Rows:N0} window results");
        // Where the CPU went, by thread (the main thread polls, decodes and aggregates).
        var spent = threads.Select(t => (t.Key, Ms: (t.Value - threads0.GetValueOrDefault(t.Key)).TotalMilliseconds))
            .Where(t => t.Ms > 0).OrderByDescending(t => t.Ms).Take(6);
        output.WriteLine($"  CPU by thread: {string.Join(", ", spent.Select(t => $"{t.Key} {t.Ms:F0} ms"))}");
    }

    /// <summary>CPU time per thread name (threads of one name summed), from /proc; empty where it is absent.</summary>
    private static Dictionary<string, TimeSpan> ThreadCpu()
    {
        const string tasks = "/proc/self/task";
        var result = new Dictionary<string, TimeSpan>();
        if (!Directory.Exists(tasks))
            return result;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                // utime and stime are fields 14 and 15; the command name before them is in parentheses.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                long ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                // Clock ticks are 1/100 s on Linux (USER_HZ).
                result[name] = result.GetValueOrDefault(name) + TimeSpan.FromMilliseconds(ticks * 10);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        return result;
    }

    /// <summary>Producer ten times faster than the pipeline: the source's buffer and librdkafka's read-ahead stay bounded.</summary>
    private void Overload(KafkaMockCluster cluster, TextWriter output)
    {
        var options = KafkaSourceOptions.Parse(new Dictionary<string, string>
        {
            ["topic"] = "overload",
            ["bootstrap.servers"] = cluster.Bootstrap,
        }, "json", null);
        var source = new KafkaSource(options, Bids);
        source.Start(new SourceContext("overload", Bids, null, new CountingErrors(), TimeProvider.System, CancellationToken.None));
        var builder = new BatchBuilder(Bids.Types, 1000);
        const int rounds = 40;
        long consumed = 0, maxBuffered = 0, maxHeap = 0, maxWorkingSet = 0;
        var process = Process.GetCurrentProcess();
        for (int round = 0; round < rounds; round++)
        {
            // Per round the producer writes 10,000 bids and the pipeline takes 1,000.
            cluster.Produce("overload", 4, Enumerable.Range(round * 10_000, 10_000).Select(i => Bid(i)));
            var deadline = DateTime.UtcNow.AddSeconds(5);
            int taken = 0;
            while (taken < 1000 && DateTime.UtcNow < deadline)
            {
                if (!source.HasPending)
                {
                    Thread.Sleep(1);
                    continue;
                }
                source.Poll(builder, 1000 - taken);
                using var batch = builder.Build();
                taken += batch.RowCount;
            }
            consumed += taken;
            maxBuffered = Math.Max(maxBuffered, source.BufferedRecords);
            process.Refresh();
            maxHeap = Math.Max(maxHeap, GC.GetTotalMemory(false));
            maxWorkingSet = Math.Max(maxWorkingSet, process.WorkingSet64);
            if (round == 4 || round == rounds - 1)
                output.WriteLine($"{Name} overload: after {(round + 1) * 10_000:N0} produced, {consumed:N0} consumed: "
                    + $"buffered {source.BufferedRecords:N0}, paused {source.Metrics().All(m => m.Paused)}, "
                    + $"GC heap {GC.GetTotalMemory(false) >> 20} MB, working set {process.WorkingSet64 >> 20} MB (broker included)");
        }
        output.WriteLine($"{Name} overload: peak buffered {maxBuffered:N0} records, peak GC heap {maxHeap >> 20} MB, peak working set {maxWorkingSet >> 20} MB");
        // A buffer that stays full for a second pauses the partitions (a shorter stop only stops the reading).
        Thread.Sleep(1500);
        process.Refresh();
        output.WriteLine($"{Name} overload: 1.5 s without polling: buffered {source.BufferedRecords:N0}, paused {source.Metrics().All(m => m.Paused)}, "
            + $"GC heap {GC.GetTotalMemory(false) >> 20} MB, working set {process.WorkingSet64 >> 20} MB");
        source.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

}
