using StreamSql.Bench.Nexmark;
using StreamSql.Runtime.Nexmark;
using StreamSql.Server.Bench;

namespace StreamSql.Nexmark.Tests;

/// <summary>
/// Every benchmark query, run through the real engine on a small stream, ends with exactly the
/// rows DuckDB computes in batch over the same events. 20,000 events at 1,000 per second of
/// event time span 20 seconds: several tumbling and sliding windows open and close.
/// </summary>
public sealed class EngineTests : IClassFixture<EngineTests.Events>
{
    private const long EventCount = 20_000;
    private const long Rate = 1_000;

    public sealed class Events : IDisposable
    {
        public NexmarkEventSet Set { get; } =
            NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig { EventsPerSecond = Rate }), EventCount);
        public NexmarkDuckDb Duck { get; }

        public Events() => Duck = NexmarkDuckDb.Load(Set);

        public void Dispose() => Duck.Dispose();
    }

    private readonly Events events;

    public EngineTests(Events events) => this.events = events;

    public static TheoryData<string> Queries => new(NexmarkReference.Queries);

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Engine_result_matches_duckdb(string query)
    {
        string script = NexmarkQueryFiles.WithEvents(RepositoryFiles.Query(query), EventCount, Rate);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = await NexmarkBenchmark.RunEngineAsync(script, NexmarkQueryFiles.ViewName(query), timeout.Token);
        var (expected, _) = events.Duck.Run(query);
        Assert.NotEmpty(expected);
        Assert.Null(NexmarkResultComparer.Difference(query, run.Rows, expected));
        Assert.NotEmpty(run.EpochMs);
    }

    [Fact]
    public async Task A_query_file_that_fails_is_reported_with_its_place_and_code()
    {
        string folder = Path.Combine(Path.GetTempPath(), "nexmark-bad-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "q2.sql");
            await File.WriteAllTextAsync(file, "CREATE SOURCE bid (auction INT) WITH (connector = 'nexmark', table = 'bid', events = '10');\n");
            var output = new StringWriter();
            int code = await NexmarkBenchmark.RunAsync("q2", 10, json: false, output, rate: null, folder, CancellationToken.None);
            Assert.Equal(1, code);
            Assert.Equal($"{file}:1:1: error 42804: column \"auction\" of nexmark table bid is bigint, not integer", output.ToString().TrimEnd());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Bench_reports_one_json_line_that_matches_the_reference()
    {
        var output = new StringWriter();
        int code = await NexmarkBenchmark.RunAsync("q2", 5_000, json: true, output, rate: null, CancellationToken.None);
        string line = output.ToString().TrimEnd();
        Assert.Equal(0, code);
        Assert.Single(line.Split('\n'));
        Assert.Matches("^\\{\"query\":\"q2\",\"events\":5000,\"seconds\":[0-9.]+,\"events_per_second\":[0-9]+,"
            + "\"events_per_second_per_core\":[0-9]+,\"peak_memory_bytes\":[0-9]+,\"epoch_latency_ms_p50\":[0-9.]+,"
            + "\"epoch_latency_ms_p99\":[0-9.]+,\"matches_reference\":true\\}$", line);
    }
}
