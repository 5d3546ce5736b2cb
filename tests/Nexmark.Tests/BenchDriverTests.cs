using StreamSql.Runtime.Nexmark;
using StreamSql.Server.Bench;

namespace StreamSql.Nexmark.Tests;

public sealed class BenchDriverTests
{
    public static TheoryData<string> Queries => new(NexmarkReference.Queries);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_query_has_a_file_with_its_sources_and_one_view(string query)
    {
        string text = RepositoryFiles.Query(query);
        Assert.Contains($"CREATE MATERIALIZED VIEW {NexmarkQueryFiles.ViewName(query)} AS", text);
        Assert.Single(text.Split("CREATE MATERIALIZED VIEW").Skip(1));
        Assert.Contains("connector = 'nexmark'", text);
        Assert.Contains("WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND", text);
    }

    [Theory]
    [InlineData("q0", NexmarkTable.Bid)]
    [InlineData("q3", NexmarkTable.Auction)]
    [InlineData("q3", NexmarkTable.Person)]
    public void Query_files_declare_the_schema_columns_with_the_standard_watermark(string query, NexmarkTable table)
    {
        string name = NexmarkSchema.NameOf(table);
        string text = RepositoryFiles.Query(query);
        int at = text.IndexOf($"CREATE SOURCE {name} (", StringComparison.Ordinal);
        Assert.True(at >= 0);
        int open = text.IndexOf('(', at), close = text.IndexOf(") WITH", at, StringComparison.Ordinal);
        string declared = string.Join(" ", text[(open + 1)..close].Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(NexmarkSchema.ColumnDdl(table), declared);
    }

    [Fact]
    public void Rewrites_every_events_option_and_the_rate_when_asked()
    {
        string text = RepositoryFiles.Query("q3");
        string script = NexmarkQueryFiles.WithEvents(text, 1234, rate: 500);
        Assert.Equal(2, script.Split("events = '1234'").Length - 1);
        Assert.Equal(2, script.Split("rate = '500'").Length - 1);
        Assert.DoesNotContain("events = '100000'", script);
        Assert.Equal("500", NexmarkQueryFiles.OptionValue(script, "rate"));
        Assert.Equal("0", NexmarkQueryFiles.OptionValue(script, "seed"));
        Assert.Null(NexmarkQueryFiles.OptionValue(script, "topic"));
        Assert.Equal(text.Replace("'100000'", "'7'"), NexmarkQueryFiles.WithEvents(text, 7));
    }

    [Fact]
    public void Finds_the_query_folder_from_below_the_repository_root_only()
    {
        Assert.Equal(RepositoryFiles.QueryFolder, NexmarkQueryFiles.FindFolder(AppContext.BaseDirectory));
        Assert.Null(NexmarkQueryFiles.FindFolder(Path.GetTempPath()));
    }

    [Fact]
    public void Json_line_has_exactly_the_published_keys_in_order()
    {
        var result = new NexmarkBenchResult("q5", 5_000_000, 2.5, 2_000_000.4, 1_500_000.6, 123_456_789, 1.23456, 9.8765, true);
        Assert.Equal(
            "{\"query\":\"q5\",\"events\":5000000,\"seconds\":2.5,\"events_per_second\":2000000,\"events_per_second_per_core\":1500001,"
            + "\"peak_memory_bytes\":123456789,\"epoch_latency_ms_p50\":1.235,\"epoch_latency_ms_p99\":9.877,\"matches_reference\":true}",
            result.ToJson());
        Assert.EndsWith("\"matches_reference\":false}", (result with { MatchesReference = false }).ToJson());
    }

    [Theory]
    [InlineData("q6", 10L, null, "error: unknown nexmark query 'q6'; valid: q0, q1, q2, q3, q4, q5, q7, q8, q11, q12")]
    [InlineData("q1", 0L, null, "error: --events must be at least 1, not 0")]
    [InlineData("q1", 10L, 0L, "error: rate must be at least 1 event per second, not 0")]
    public async Task Bad_arguments_are_usage_errors(string query, long events, long? rate, string message)
    {
        var output = new StringWriter();
        int code = await NexmarkBenchmark.RunAsync(query, events, json: false, output, rate, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Equal(message, output.ToString().TrimEnd());
    }

    [Fact]
    public async Task Missing_query_files_are_reported()
    {
        var output = new StringWriter();
        int code = await NexmarkBenchmark.RunAsync("q2", 10, json: false, output, rate: null, queryFolder: null, CancellationToken.None);
        Assert.Equal(3, code);
        Assert.Equal("error: cannot find tests/Bench/nexmark/q2.sql; run from the StreamSql repository", output.ToString().TrimEnd());
    }

    [Fact]
    public void Hand_written_loops_compute_the_queries()
    {
        var set = NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig { EventsPerSecond = 1_000 }), 40_000);
        Assert.Equal(set.BidCount, NexmarkBaselines.Q1(set.Bids, set.BidCount));
        Assert.Equal(NexmarkReference.Compute("q5", set).Count, NexmarkBaselines.Q5(set.Bids, set.BidCount));
    }
}
