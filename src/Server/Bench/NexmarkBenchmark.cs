using System.Diagnostics;
using System.Globalization;
using StreamSql.Runtime.Nexmark;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Bench;

/// <summary>
/// <c>streamsql bench nexmark</c>: runs one Nexmark query over N generated events through the
/// real engine (parse, plan, the nexmark source, epochs, state, the materialized view) and
/// reports throughput, throughput per core of CPU time, peak memory and epoch latency, and
/// whether the view's final contents match the reference (<see cref="NexmarkReference"/>,
/// itself checked against DuckDB by the tests). Epochs are run back to back on this thread,
/// each timed, until every source is exhausted and nothing is queued.
/// In text mode it also prints the hand-written baseline for q1 and q5 and the generator's
/// own speed; with <c>--json</c> it prints exactly one line of JSON.
/// </summary>
public static class NexmarkBenchmark
{
    /// <summary>Exit code 0 when the run matched the reference, 1 when it did not or the SQL failed, 2 for bad arguments, 3 when the query files are missing.</summary>
    public static Task<int> RunAsync(string query, long events, bool json, TextWriter output, CancellationToken ct) =>
        RunAsync(query, events, json, output, rate: null, ct);

    /// <param name="rate">Events per second of event time for every source (null: the file's).</param>
    public static Task<int> RunAsync(string query, long events, bool json, TextWriter output, long? rate, CancellationToken ct) =>
        RunAsync(query, events, json, output, rate, NexmarkQueryFiles.FindFolder(), ct);

    /// <param name="queryFolder">Where the <c>qN.sql</c> files are (null: not found).</param>
    public static async Task<int> RunAsync(string query, long events, bool json, TextWriter output, long? rate, string? queryFolder, CancellationToken ct)
    {
        if (!NexmarkReference.Queries.Contains(query))
        {
            await output.WriteLineAsync($"error: unknown nexmark query '{query}'; valid: {string.Join(", ", NexmarkReference.Queries)}");
            return 2;
        }
        if (events < 1)
        {
            await output.WriteLineAsync($"error: --events must be at least 1, not {events}");
            return 2;
        }
        if (rate is < 1)
        {
            await output.WriteLineAsync($"error: rate must be at least 1 event per second, not {rate}");
            return 2;
        }
        var file = queryFolder is null ? null : Path.Combine(queryFolder, query + ".sql");
        if (file is null || !File.Exists(file))
        {
            await output.WriteLineAsync($"error: cannot find tests/Bench/nexmark/{query}.sql; run from the StreamSql repository");
            return 3;
        }

        var script = NexmarkQueryFiles.WithEvents(await File.ReadAllTextAsync(file, ct), events, rate);
        NexmarkEngineRun run;
        try
        {
            run = await RunEngineAsync(script, NexmarkQueryFiles.ViewName(query), ct);
        }
        catch (EngineException e)
        {
            var error = e.Error;
            string where = error.Line is { } line ? $"{file}:{line}:{error.Column ?? 1}" : file;
            await output.WriteLineAsync($"{where}: error {error.Code ?? error.SqlState}: {error.Message}");
            return 1;
        }
        catch (Runtime.SqlStateException e)
        {
            await output.WriteLineAsync($"{file}: error {e.SqlState}: {e.Message}");
            return 1;
        }

        var config = ConfigOf(script);
        var set = NexmarkEventSet.Generate(new NexmarkGenerator(config), events, withExtra: query is "q0" or "q1" or "q7");
        var expected = NexmarkReference.Compute(query, set);
        bool matches = NexmarkResultComparer.Fingerprint(query, run.Rows) == NexmarkResultComparer.Fingerprint(query, expected);

        var latencies = run.EpochMs.Order().ToList();
        var result = new NexmarkBenchResult(
            query,
            events,
            run.Wall.TotalSeconds,
            events / run.Wall.TotalSeconds,
            events / Math.Max(run.Cpu.TotalSeconds, 1e-9),
            run.PeakMemoryBytes,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            matches);

        if (json)
        {
            await output.WriteLineAsync(result.ToJson());
            return matches ? 0 : 1;
        }

        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"nexmark {query}: {events:N0} events, rate {config.EventsPerSecond:N0}/s of event time, seed {config.Seed}"));
        await output.WriteLineAsync(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}"));
        await output.WriteLineAsync(string.Create(c, $"engine:  {result.Seconds:F3} s, {result.EventsPerSecond:N0} events/s, {result.EventsPerSecondPerCore:N0} events/s per core ({run.Cpu.TotalSeconds:F3} s CPU)"));
        await output.WriteLineAsync(string.Create(c, $"         {latencies.Count} epochs, latency p50 {result.EpochLatencyMsP50:F3} ms, p99 {result.EpochLatencyMsP99:F3} ms, peak memory {result.PeakMemoryBytes / (1024.0 * 1024.0):F0} MiB"));
        await output.WriteLineAsync(string.Create(c,
            $"gc:      {run.AllocatedBytes / events:N0} bytes allocated per event, collections gen0 {run.Collections[0]}, gen1 {run.Collections[1]}, gen2 {run.Collections[2]}, paused {run.GcPause.TotalMilliseconds:F0} ms"));
        await output.WriteLineAsync(string.Create(c, $"result:  {run.Rows.Count:N0} rows, reference {expected.Count:N0} rows, {(matches ? "matches the reference" : "DOES NOT match the reference")}"));
        if (!matches && run.Rows.Count + expected.Count <= 400_000)
            await output.WriteLineAsync(NexmarkResultComparer.Difference(query, run.Rows, expected));

        // Timed in process CPU time, like the engine's per-core figure, so a busy machine does not skew the comparison.
        var generator = new NexmarkGenerator(config);
        var bids = new BidColumns { Auction = new long[4096], Price = new long[4096], DateTime = new long[4096] };
        var generation = CpuTime(() =>
        {
            for (long from = 0; from < events; from += 4096)
                generator.FillBids(from, Math.Min(events, from + 4096), bids, 0);
        });
        await output.WriteLineAsync(string.Create(c, $"generator alone (bid auction, price, date_time): {events / generation.TotalSeconds:N0} events per CPU second"));
        if (query is "q1" or "q5")
        {
            long rows = 0;
            var loop = CpuTime(() => rows = query == "q1" ? NexmarkBaselines.Q1(set.Bids, set.BidCount) : NexmarkBaselines.Q5(set.Bids, set.BidCount));
            double loopRate = events / loop.TotalSeconds;
            await output.WriteLineAsync(string.Create(c,
                $"hand-written loop over in-memory events: {loop.TotalMilliseconds:F1} ms CPU, {loopRate:N0} events per CPU second, {rows:N0} rows; the engine reaches {result.EventsPerSecondPerCore / loopRate:P1} of it"));
        }
        return matches ? 0 : 1;
    }

    /// <summary>
    /// Runs <paramref name="script"/> (sources and one materialized view) in a fresh in-process
    /// engine, then runs epochs back to back on this thread (the background loop is not started,
    /// so each epoch can be timed) until every source is exhausted and nothing is queued, and
    /// reads <paramref name="view"/>. A statement that fails throws <see cref="EngineException"/>.
    /// </summary>
    public static async Task<NexmarkEngineRun> RunEngineAsync(string script, string view, CancellationToken ct)
    {
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
        await using (var session = engine.OpenSession())
        {
            await foreach (var statement in session.ExecuteAsync(script, ct))
            {
                if (statement.Reader is not null)
                    await statement.Reader.DisposeAsync();
                if (statement.Error is { } error)
                    throw new EngineException(error);
            }
        }

        var runtime = engine.Runtime;
        var epochMs = new List<double>();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var pauseBefore = GC.GetTotalPauseDuration();
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        long start = Stopwatch.GetTimestamp();
        while (!runtime.IsIdle)
        {
            ct.ThrowIfCancellationRequested();
            if (!runtime.HasPendingInput)
            {
                // Only an unbounded source can be not exhausted with nothing pending: wait for it.
                await Task.Delay(1, ct);
                continue;
            }
            long epochStart = Stopwatch.GetTimestamp();
            runtime.RunEpoch();
            epochMs.Add(Stopwatch.GetElapsedTime(epochStart).TotalMilliseconds);
        }
        var wall = Stopwatch.GetElapsedTime(start);
        long allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        int[] collections = [.. collectionsBefore.Select((n, g) => GC.CollectionCount(g) - n)];
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        long peak = process.PeakWorkingSet64;
        var rows = runtime.ReadRelation(view).Rows;
        return new NexmarkEngineRun(wall, cpu, peak, epochMs, rows)
        {
            Collections = collections,
            GcPause = pause,
            AllocatedBytes = allocated,
        };
    }

    private static TimeSpan CpuTime(Action work)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        work();
        process.Refresh();
        return process.TotalProcessorTime - before;
    }

    private static NexmarkConfig ConfigOf(string script)
    {
        var config = new NexmarkConfig();
        if (NexmarkQueryFiles.OptionValue(script, "rate") is { } rate)
            config = config with { EventsPerSecond = double.Parse(rate, CultureInfo.InvariantCulture) };
        if (NexmarkQueryFiles.OptionValue(script, "seed") is { } seed)
            config = config with { Seed = long.Parse(seed, CultureInfo.InvariantCulture) };
        return config;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown cpu" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown cpu";
        }
    }
}
