using System.Globalization;
using StreamSql.Runtime.Nexmark;
using StreamSql.Server.Bench;

namespace StreamSql.Bench.Nexmark;

/// <summary>
/// One Nexmark query through the engine (what <c>streamsql bench nexmark</c> prints, with the
/// hand-written baseline for q1 and q5), followed in the same run by DuckDB's batch time for
/// the same query over the same events, and whether DuckDB agrees with the reference.
/// </summary>
public sealed class NexmarkBenchmarkRun : IBenchmark
{
    public string Name => "nexmark";

    public string Description => "a Nexmark query through the engine, then DuckDB's batch time for it ([--query q5] [--events N])";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        string query = "q5";
        long events = 1_000_000;
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "--events" && i + 1 < args.Count)
                events = long.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--query" && i + 1 < args.Count)
                query = args[++i];
            else
                throw new ArgumentException($"unknown argument '{args[i]}'; valid: --query qN, --events N");
        }

        int code = NexmarkBenchmark.RunAsync(query, events, json: false, output, CancellationToken.None).GetAwaiter().GetResult();
        if (code == 2 || code == 3)
            return;

        // The query files run the stream at their own rate and seed; the reference uses the same.
        string? folder = NexmarkQueryFiles.FindFolder();
        string script = folder is null ? "" : File.ReadAllText(Path.Combine(folder, query + ".sql"));
        var config = new NexmarkConfig
        {
            EventsPerSecond = double.Parse(NexmarkQueryFiles.OptionValue(script, "rate") ?? "10000", CultureInfo.InvariantCulture),
            Seed = long.Parse(NexmarkQueryFiles.OptionValue(script, "seed") ?? "0", CultureInfo.InvariantCulture),
        };
        var set = NexmarkEventSet.Generate(new NexmarkGenerator(config), events);
        using var duck = NexmarkDuckDb.Load(set);
        var (rows, elapsed) = duck.Run(query);
        string? diff = NexmarkResultComparer.Difference(query, NexmarkReference.Compute(query, set), rows);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"duckdb:  {elapsed.TotalMilliseconds:F1} ms batch (wall, all cores), {rows.Count:N0} rows, {(diff is null ? "agrees with the reference" : "DISAGREES with the reference")}"));
        if (diff is not null)
            output.WriteLine(diff);
    }
}
