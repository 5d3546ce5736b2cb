using System.CommandLine;
using StreamSql.Server.Bench;

namespace StreamSql.Server.Cli;

/// <summary>
/// <c>streamsql bench nexmark [--query q5] [--events N] [--json]</c>: runs a Nexmark query over
/// generated events through the real engine and reports throughput, CPU, memory, epoch latency and
/// whether the result matched the reference computed independently.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var query = new Option<string>("--query") { Description = "q0, q1, q2, q3, q4, q5, q7, q8, q11 or q12", DefaultValueFactory = _ => "q5" };
        var events = new Option<long>("--events") { Description = "Number of generated events", DefaultValueFactory = _ => 1_000_000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line" };
        var nexmark = new Command("nexmark", "Run a Nexmark query through the engine and compare with the reference") { query, events, json };
        nexmark.SetAction((parse, ct) => NexmarkBenchmark.RunAsync(parse.GetValue(query)!, parse.GetValue(events), parse.GetValue(json), Console.Out, ct));
        return new Command("bench", "Benchmarks") { nexmark };
    }
}
