using System.Diagnostics;
using System.Globalization;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Bench.Nexmark;

/// <summary>
/// How fast the Nexmark generator fills columns on one thread, in events of the whole stream per
/// second (wall clock, and per second of process CPU time, which a busy machine does not inflate):
/// every column of each table, and bids with only the columns most queries read.
/// </summary>
public sealed class NexmarkGeneratorBenchmark : IBenchmark
{
    private const int Chunk = 4096;

    public string Name => "nexmark-generator";

    public string Description => "Nexmark generator throughput per table, one thread ([--events N])";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        long events = 5_000_000;
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--events" && i + 1 < args.Count)
                events = long.Parse(args[++i], CultureInfo.InvariantCulture);
            else
                throw new ArgumentException($"unknown argument '{args[i]}'; valid: --events N");
        }
        var g = new NexmarkGenerator(new NexmarkConfig());
        var bids = BidColumns.Allocate(Chunk);
        var narrow = new BidColumns { Auction = new long[Chunk], Price = new long[Chunk], DateTime = new long[Chunk] };
        var people = PersonColumns.Allocate(Chunk);
        var auctions = AuctionColumns.Allocate(Chunk);
        Measure(output, "bid, all columns", events, (from, to) => g.FillBids(from, to, bids, 0));
        Measure(output, "bid, auction+price+date_time", events, (from, to) => g.FillBids(from, to, narrow, 0));
        Measure(output, "person, all columns", events, (from, to) => g.FillPeople(from, to, people, 0));
        Measure(output, "auction, all columns", events, (from, to) => g.FillAuctions(from, to, auctions, 0));
    }

    private static void Measure(TextWriter output, string what, long events, Func<long, long, int> fill)
    {
        fill(0, Chunk); // warm up
        long rows = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // Chunks of 4096 events never hold more than 4096 rows of one table.
        for (long from = 0; from < events; from += Chunk)
            rows += fill(from, Math.Min(events, from + Chunk));
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        output.WriteLine($"{what,-32} {events / elapsed.TotalSeconds,14:N0} events/s {rows / elapsed.TotalSeconds,14:N0} rows/s {events / cpu.TotalSeconds,14:N0} events per CPU second");
    }
}
