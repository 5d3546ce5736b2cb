using System.Diagnostics;
using System.Globalization;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Bench.Nexmark;

/// <summary>
/// DuckDB's batch time for each Nexmark query over the same generated events the engine reads,
/// next to the in-memory oracle's, and whether the two agree. The engine's own run is
/// <c>streamsql bench nexmark</c>.
/// </summary>
public sealed class NexmarkReferenceBenchmark : IBenchmark
{
    public string Name => "nexmark-reference";

    public string Description => "DuckDB batch time and oracle agreement per Nexmark query ([--events N] [--query qN])";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        long events = 1_000_000;
        var queries = NexmarkReference.Queries.ToList();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--events" && i + 1 < args.Count)
                events = long.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--query" && i + 1 < args.Count)
                queries = [args[++i]];
            else
                throw new ArgumentException($"unknown argument '{args[i]}'; valid: --events N, --query qN");
        }

        var clock = Stopwatch.StartNew();
        var set = NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig()), events);
        output.WriteLine($"generated {events:N0} events in {clock.Elapsed.TotalMilliseconds:F0} ms ({events / clock.Elapsed.TotalSeconds:N0} events/s, one thread)");
        using var duck = NexmarkDuckDb.Load(set);
        output.WriteLine($"loaded into DuckDB in {duck.LoadTime.TotalMilliseconds:F0} ms");
        output.WriteLine($"{"query",-6} {"rows",10} {"duckdb ms",10} {"oracle ms",10}  agree");
        foreach (var q in queries)
        {
            var (rows, elapsed) = duck.Run(q);
            clock.Restart();
            var oracle = NexmarkReference.Compute(q, set);
            var oracleTime = clock.Elapsed;
            string? diff = NexmarkResultComparer.Difference(q, oracle, rows);
            output.WriteLine($"{q,-6} {rows.Count,10:N0} {elapsed.TotalMilliseconds,10:F1} {oracleTime.TotalMilliseconds,10:F1}  {(diff is null ? "yes" : "NO")}");
            if (diff is not null)
                output.WriteLine(diff);
        }
    }
}
