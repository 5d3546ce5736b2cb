using StreamSql.Runtime.Nexmark;
using StreamSql.Server.Bench;

namespace StreamSql.Nexmark.Tests;

/// <summary>
/// The nexmark source generates only the columns its readers use (and its watermark column). A
/// reader that needs other columns, on the same source at the same time, must still get every
/// value it reads, exactly as generated.
/// </summary>
public sealed class ColumnSelectionTests
{
    private const long EventCount = 5_000;

    private const string Source = """
        CREATE SOURCE bid (
            auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP, extra VARCHAR,
            WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND
        ) WITH (connector = 'nexmark', table = 'bid', events = '5000', rate = '1000', seed = '0');
        """;

    private static readonly NexmarkEventSet Events =
        NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig { EventsPerSecond = 1000 }), EventCount);

    private static List<string> Expected(Func<int, string> row) =>
        [.. Enumerable.Range(0, Events.BidCount).Select(row).Order(StringComparer.Ordinal)];

    private static List<string> Actual(IReadOnlyList<object?[]> rows) =>
        [.. rows.Select(r => string.Join("|", r.Select(v => v?.ToString() ?? "NULL"))).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_view_reading_extra_gets_it_while_another_view_on_the_same_source_reads_two_columns()
    {
        var script = Source + """
            CREATE MATERIALIZED VIEW narrow AS SELECT auction, price FROM bid WHERE auction % 7 = 0;
            CREATE MATERIALIZED VIEW wide AS SELECT bidder, extra FROM bid;
            """;
        var run = await NexmarkBenchmark.RunEngineAsync(script, "wide", CancellationToken.None);
        var bids = Events.Bids;
        Assert.Equal(Expected(i => $"{bids.Bidder![i]}|{bids.Extra![i]}"), Actual(run.Rows));
        Assert.All(run.Rows, r => Assert.False(string.IsNullOrEmpty((string?)r[1])));
    }

    [Fact]
    public async Task A_view_of_only_some_columns_gets_exactly_their_generated_values()
    {
        var script = Source + "CREATE MATERIALIZED VIEW narrow AS SELECT auction, price, channel FROM bid;";
        var run = await NexmarkBenchmark.RunEngineAsync(script, "narrow", CancellationToken.None);
        var bids = Events.Bids;
        Assert.Equal(Expected(i => $"{bids.Auction![i]}|{bids.Price![i]}|{bids.Channel![i]}"), Actual(run.Rows));
    }

    [Fact]
    public async Task Whole_rows_read_by_an_expression_over_every_column_are_complete()
    {
        var script = Source + """
            CREATE MATERIALIZED VIEW first AS SELECT auction FROM bid;
            CREATE MATERIALIZED VIEW whole AS SELECT * FROM bid WHERE price > 0;
            """;
        var run = await NexmarkBenchmark.RunEngineAsync(script, "whole", CancellationToken.None);
        var bids = Events.Bids;
        Assert.Equal(Events.BidCount, run.Rows.Count);
        Assert.All(run.Rows, r => Assert.DoesNotContain(null, r));
        Assert.Equal(Expected(i => $"{bids.Url![i]}|{bids.Extra![i]}"), [.. run.Rows.Select(r => $"{r[4]}|{r[6]}").Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task Both_sides_of_a_self_join_get_the_columns_each_reads()
    {
        var script = Source + """
            CREATE MATERIALIZED VIEW pairs AS
            SELECT a.auction, b.extra FROM bid a JOIN bid b ON a.bidder = b.bidder AND a.date_time = b.date_time;
            """;
        var run = await NexmarkBenchmark.RunEngineAsync(script, "pairs", CancellationToken.None);
        var bids = Events.Bids;
        Assert.Equal(Expected(i => $"{bids.Auction![i]}|{bids.Extra![i]}"), Actual(run.Rows));
    }
}
