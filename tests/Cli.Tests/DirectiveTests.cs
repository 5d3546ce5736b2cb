namespace StreamSql.Cli.Tests;

/// <summary>
/// The streaming directives of docs/testing.md (ingest, advance watermark, advance time, subscribe,
/// changes), each in a passing file and, where a wrong expectation must be caught, a failing one.
/// </summary>
public sealed class DirectiveTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static string Source(string onError = "dead_letter", string format = "JSON") => $"""
        statement ok
        CREATE SOURCE ev (k TEXT, v INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
            WITH (connector = 'directory', path = '.', on_error = '{onError}') FORMAT {format};

        statement ok
        CREATE MATERIALIZED VIEW per_k AS SELECT k, sum(v) AS total FROM ev GROUP BY k;

        statement ok
        CREATE MATERIALIZED VIEW per_10s AS
            SELECT window_start, count(*) AS n FROM TUMBLE(ev, ts, INTERVAL '10' SECOND)
            GROUP BY window_start, window_end EMIT ON WINDOW CLOSE;


        """;

    private (int Exit, string Output) Run(string text) => _ws.Test(_ws.Write("t.slt", text));

    [Fact]
    public void IngestFeedsTheSourceAndABadRecordGoesToTheDeadLetterTable()
    {
        var (exit, output) = Run(Source() + """
            subscribe per_k as s

            ingest ev
            {"k": "a", "v": 1, "ts": "2024-01-01 00:00:01"}
            not json
            {"k": "a", "v": 2, "ts": "2024-01-01 00:00:02"}

            changes s
            ----
            + a 3

            query T
            SELECT raw FROM ev_errors;
            ----
            not json
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void OnErrorSkipCountsBadRecordsWithoutATable()
    {
        var (exit, output) = Run(Source("skip") + """
            ingest ev
            oops
            {"k": "b", "v": 5, "ts": "2024-01-01 00:00:01"}

            query TI
            SELECT k, total FROM per_k;
            ----
            b 5

            statement error relation "ev_errors" does not exist
            SELECT * FROM ev_errors;
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void IngestUsesTheSourcesDeclaredFormat()
    {
        var (exit, output) = Run(Source(format: "CSV") + """
            ingest ev
            a,4,2024-01-01 00:00:01
            a,6,2024-01-01 00:00:03

            query TI
            SELECT k, total FROM per_k;
            ----
            a 10
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void AdvanceWatermarkClosesAWindow()
    {
        var (exit, output) = Run(Source() + """
            subscribe per_10s as w

            ingest ev
            {"k": "a", "v": 1, "ts": "2024-01-01 00:00:01"}

            changes w
            ----

            advance watermark ev to '2024-01-01 00:00:10'

            changes w
            ----
            + 2024-01-01 00:00:00 1
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void SubscribeStartsWithTheCurrentContents()
    {
        var (exit, output) = Run(Source() + """
            ingest ev
            {"k": "a", "v": 1, "ts": "2024-01-01 00:00:01"}

            subscribe per_k as s

            changes s
            ----
            + a 1
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void ChangesOfOneEpochAreConsolidatedAndEpochsKeptApart()
    {
        var (exit, output) = Run("""
            statement ok
            CREATE TABLE t (id INT PRIMARY KEY, k TEXT, note TEXT);

            statement ok
            CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n FROM t GROUP BY k;

            subscribe per_k as s

            statement ok
            INSERT INTO t VALUES (1, 'a', 'x');

            statement ok
            INSERT INTO t VALUES (2, 'a', 'y');

            changes s
            ----
            + a 1
            - a 1
            + a 2

            # The note changes but the view's row does not: retract and insert cancel in the epoch.
            statement ok
            UPDATE t SET note = 'z' WHERE id = 1;

            changes s
            ----
            """);
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void AMissingChangeFailsWithBothSides()
    {
        var (exit, output) = Run(Source() + """
            subscribe per_k as s

            ingest ev
            {"k": "a", "v": 1, "ts": "2024-01-01 00:00:01"}

            changes s
            ----
            + a 1
            + b 2
            """);
        Assert.Equal(1, exit);
        Assert.Contains("""
            t.slt:18: changes differs
                expected | actual
                + a 1    | + a 1
              ! + b 2    | 

            """.ReplaceLineEndings("\n"), output);
    }

    [Fact]
    public void AnUnexpectedChangeFails()
    {
        var (exit, output) = Run(Source() + """
            subscribe per_k as s

            ingest ev
            {"k": "a", "v": 1, "ts": "2024-01-01 00:00:01"}

            changes s
            ----
            """);
        Assert.Equal(1, exit);
        Assert.Contains("t.slt:18: changes differs", output);
        Assert.Contains("  !          | + a 1", output);
    }

    [Fact]
    public void ChangesInTheWrongEpochOrderFail()
    {
        var (exit, output) = Run("""
            statement ok
            CREATE TABLE t (k TEXT);

            statement ok
            CREATE MATERIALIZED VIEW per_k AS SELECT k, count(*) AS n FROM t GROUP BY k;

            subscribe per_k as s

            statement ok
            INSERT INTO t VALUES ('a');

            statement ok
            INSERT INTO t VALUES ('a');

            changes s
            ----
            - a 1
            + a 2
            + a 1
            """);
        Assert.Equal(1, exit);
        Assert.Contains("changes differs", output);
    }

    [Fact]
    public void AdvanceTimeMovesProcessingTimeFromAFixedStart()
    {
        var (exit, output) = Run("""
            query T
            SELECT now();
            ----
            2024-01-01 00:00:00+00

            advance time by '90 seconds'

            query T
            SELECT now();
            ----
            2024-01-01 00:01:30+00
            """);
        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData("advance time by '1 month'", "advance time needs a positive fixed interval")]
    [InlineData("advance clock by '1 second'", "expected: advance watermark SOURCE to 'timestamp'  or  advance time by 'interval'")]
    [InlineData("changes nobody\n----", "no subscription named 'nobody'")]
    public void MalformedDirectivesSayWhatIsExpected(string directive, string message)
    {
        var (exit, output) = Run(directive + "\n");
        Assert.Equal(1, exit);
        Assert.Contains("t.slt:1: ", output);
        Assert.Contains(message, output);
    }

    [Fact]
    public void IngestIntoAnUnknownSourceFails()
    {
        var (exit, output) = Run("ingest nowhere\n{\"a\": 1}\n");
        Assert.Equal(1, exit);
        Assert.Contains("t.slt:1: ", output);
        Assert.Contains("nowhere", output);
    }
}
