using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace StreamSql.Bench.Durability;

/// <summary>
/// What checkpoints and epoch commits cost a streaming query in the real server process
/// (<c>.build/streamsql/streamsql.dll</c>): Nexmark bids (a bounded source, produced as fast as the
/// server takes them) into a 1-second TUMBLE count and sum per bidder, once with
/// <c>--checkpoint-interval 0</c> (the logs only: no checkpoints, no epoch commits) and once with
/// checkpoints every S seconds (and an epoch commit after the epochs between them); each run is timed
/// from the view's creation until its counts add up to every bid, in wall-clock time and in the
/// server's CPU time (all its threads: the background commits and checkpoint writes included). Args: [events=10000000] [seconds=2] [runs=2].
/// </summary>
public sealed class CheckpointCostBenchmark : IBenchmark
{
    public string Name => "durability-tumble";

    public string Description => "server process: Nexmark bids into a TUMBLE aggregate, rows/s without and with checkpoints and epoch commits (goal: at most 10% slower)";

    public void Run(IReadOnlyList<string> args, TextWriter output) => RunAsync(args, output).GetAwaiter().GetResult();

    private static async Task RunAsync(IReadOnlyList<string> args, TextWriter output)
    {
        long events = args.Count > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        double seconds = args.Count > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        int runs = args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        for (int run = 0; run < runs; run++)
        {
            foreach (var interval in new[] { 0, seconds })
            {
                var dir = Directory.CreateTempSubdirectory("streamsql-bench-").FullName;
                try
                {
                    await using var server = await DurabilityBenchmark.Server.StartAsync(dir, "always", interval);
                    await server.ExecuteAsync($"""
                        CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
                            WATERMARK FOR date_time AS date_time - INTERVAL '1' SECOND)
                        WITH (connector = 'nexmark', table = 'bid', events = '{events}', rate = '1000000', seed = '0')
                        """);
                    var clock = Stopwatch.StartNew();
                    var cpu = server.CpuTime;
                    await server.ExecuteAsync("""
                        CREATE MATERIALIZED VIEW per_bidder AS
                        SELECT window_start, bidder, count(*) AS n, sum(price) AS s
                        FROM TUMBLE(bid, date_time, INTERVAL '1' SECOND) GROUP BY window_start, bidder
                        """);
                    // Nexmark's mix: 46 bids in every 50 events.
                    long bids = events / 50 * 46 + Math.Max(0, events % 50 - 4);
                    long counted = 0;
                    await using var connection = new NpgsqlConnection(server.ConnectionString);
                    await connection.OpenAsync();
                    await using var count = new NpgsqlCommand("SELECT coalesce(sum(n), 0) FROM per_bidder", connection);
                    while ((counted = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture)) < bids)
                    {
                        if (clock.Elapsed > TimeSpan.FromMinutes(5))
                            throw new TimeoutException($"the view counted {counted} of {bids} bids in 5 minutes");
                        await Task.Delay(20);
                    }

                    var elapsed = clock.Elapsed;
                    var used = server.CpuTime - cpu;
                    var state = Path.Combine(dir, "state");
                    var files = Directory.Exists(state) ? Directory.GetFiles(state) : [];
                    long commits = files.Where(f => f.EndsWith(".epochs", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
                    int checkpoints = server.Output.Split('\n').Count(l => l.StartsWith("checkpoint: epoch", StringComparison.Ordinal));
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"--checkpoint-interval {interval}: {counted:N0} bids in {elapsed.TotalSeconds:F2} s = {counted / elapsed.TotalSeconds:N0} rows/s, {used.TotalSeconds:F2} s of CPU = {counted / used.TotalSeconds:N0} rows/cpu-s");
                    if (interval > 0)
                        line += string.Create(CultureInfo.InvariantCulture, $"; {checkpoints} checkpoint(s), epoch logs kept {commits / 1048576.0:F1} MiB");
                    output.WriteLine(line);
                    // What the server says of its checkpoints (the time epochs were held while the state was captured).
                    foreach (var said in server.Output.Split('\n').Where(l => l.StartsWith("checkpoint: ", StringComparison.Ordinal)).TakeLast(4))
                        output.WriteLine("  " + said.TrimEnd());
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }
}
