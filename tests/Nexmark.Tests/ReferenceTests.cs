using StreamSql.Bench.Nexmark;
using StreamSql.Runtime.Nexmark;

namespace StreamSql.Nexmark.Tests;

/// <summary>The in-memory oracle, used by the bench to judge the engine, agrees with DuckDB on every query.</summary>
public sealed class ReferenceTests : IClassFixture<ReferenceTests.Events>
{
    public sealed class Events : IDisposable
    {
        // 60,000 events at 1,000/s: a minute, six 10-second windows, and sessions that end and restart.
        public NexmarkEventSet Set { get; } =
            NexmarkEventSet.Generate(new NexmarkGenerator(new NexmarkConfig { EventsPerSecond = 1_000 }), 60_000);
        public NexmarkDuckDb Duck { get; }

        public Events() => Duck = NexmarkDuckDb.Load(Set);

        public void Dispose() => Duck.Dispose();
    }

    private readonly Events events;

    public ReferenceTests(Events events) => this.events = events;

    public static TheoryData<string> Queries => new(NexmarkReference.Queries);

    [Theory]
    [MemberData(nameof(Queries))]
    public void Oracle_matches_duckdb(string query)
    {
        var (rows, _) = events.Duck.Run(query);
        var oracle = NexmarkReference.Compute(query, events.Set);
        Assert.NotEmpty(rows);
        Assert.Null(NexmarkResultComparer.Difference(query, oracle, rows));
    }

    [Fact]
    public void Windowed_queries_see_several_windows_and_sessions()
    {
        var q7 = NexmarkReference.Compute("q7", events.Set);
        Assert.InRange(q7.Count, 6, 20);
        var q11 = NexmarkReference.Compute("q11", events.Set);
        Assert.True(q11.Count > 1_000);
        Assert.Contains(q11, r => (long)r[1]! == 1);
    }

    [Fact]
    public void Comparer_reports_missing_and_unexpected_rows()
    {
        object?[][] expected = [[1L, "a"], [1L, "a"], [2L, "b"]];
        object?[][] actual = [[1L, "a"], [2L, "b"], [3L, "c"]];
        Assert.Equal(
            "q0: 3 rows, expected 3; 1 missing, 1 unexpected\n  missing:    1 | a\n  unexpected: 3 | c",
            NexmarkResultComparer.Difference("q0", actual, expected));
        Assert.Null(NexmarkResultComparer.Difference("q0", expected.Reverse(), expected));
    }

    [Fact]
    public void Comparer_treats_timestamps_numerics_and_q12_windows_alike()
    {
        Assert.Equal("1000000", NexmarkResultComparer.Value(DateTime.UnixEpoch.AddSeconds(1)));
        Assert.Equal("2.5", NexmarkResultComparer.Value(2.50000001));
        Assert.Equal("2.5", NexmarkResultComparer.Value(2.5m));
        Assert.Equal("NULL", NexmarkResultComparer.Value(null));
        object?[][] windows = [[7L, 2L, 0L, 10L], [7L, 3L, 10L, 20L]];
        object?[][] totals = [[7L, 5L]];
        Assert.Null(NexmarkResultComparer.Difference("q12", windows, totals));
    }

    [Fact]
    public void Unknown_query_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => NexmarkReference.Compute("q6", events.Set));
        Assert.StartsWith("unknown nexmark query 'q6'; valid: q0, q1, q2, q3, q4, q5, q7, q8, q11, q12", e.Message);
    }
}
