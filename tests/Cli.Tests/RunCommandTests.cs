using StreamSql.Server.Cli;

namespace StreamSql.Cli.Tests;

/// <summary><c>streamsql run --until-idle</c> on pipelines whose sources end.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task A_source_that_fails_at_a_bad_record_ends_the_run_with_exit_1_after_the_rows_before_it()
    {
        var input = Path.Combine(_ws.Root, "in");
        Directory.CreateDirectory(input);
        File.WriteAllText(Path.Combine(input, "a.json"), "{\"a\":1}\nbad\n{\"a\":2}\n");
        var file = _ws.Write("fail.sql", $"""
            CREATE SOURCE sf (a BIGINT) WITH (connector = 'directory', path = '{input}', on_error = 'fail') FORMAT JSON;
            CREATE SINK out FROM sf WITH (connector = 'console');
            """);
        var output = new StringWriter { NewLine = "\n" };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RunCommand.RunAsync([file], untilIdle: true, "table", output, timeout.Token);
        Assert.Equal(1, exit);
        var printed = output.ToString().Split('\n');
        Assert.Contains("1", printed);
        Assert.DoesNotContain("2", printed);
    }

    [Fact]
    public async Task A_query_after_the_sources_sees_their_whole_input()
    {
        var input = Path.Combine(_ws.Root, "files");
        Directory.CreateDirectory(input);
        for (int f = 0; f < 5; f++)
            File.WriteAllText(Path.Combine(input, $"part-{f}.json"), string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"a\":{f * 200 + i}}}\n")));
        var file = _ws.Write("count.sql", $"""
            CREATE SOURCE nums (a BIGINT) WITH (connector = 'directory', path = '{input}') FORMAT JSON;
            CREATE MATERIALIZED VIEW total AS SELECT count(*) AS n, sum(a) AS s FROM nums;
            SELECT n, s FROM total;
            """);
        var output = new StringWriter { NewLine = "\n" };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await RunCommand.RunAsync([file], untilIdle: true, "csv", output, timeout.Token);
        Assert.Equal(0, exit);
        // Without waiting, the query ran before the files were read and counted few or none of them.
        Assert.Contains("1000,499500", output.ToString().Split('\n'));
    }

    [Fact]
    public async Task At_the_end_the_windows_of_watermarked_tables_close_too()
    {
        var file = _ws.Write("windows.sql", """
            CREATE TABLE t (k TEXT, v INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);
            CREATE MATERIALIZED VIEW w AS SELECT window_start, k, sum(v) AS s FROM TUMBLE(t, ts, INTERVAL '10' SECOND)
              GROUP BY window_start, k EMIT ON WINDOW CLOSE;
            CREATE SINK out FROM w WITH (connector = 'console');
            INSERT INTO t VALUES ('a', 1, '2024-01-01 00:00:01'), ('a', 5, '2024-01-01 00:00:35');
            """);
        var output = new StringWriter { NewLine = "\n" };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal(0, await RunCommand.RunAsync([file], untilIdle: true, "table", output, timeout.Token));
        var printed = output.ToString().Split('\n');
        Assert.Contains("(2024-01-01 00:00:00,a,1)", printed);
        // The last window's end is after the table's watermark: it closes only because the run ends.
        Assert.Contains("(2024-01-01 00:00:30,a,5)", printed);
    }

    [Fact]
    public async Task A_value_with_line_breaks_is_printed_as_psql_prints_it()
    {
        var file = _ws.Write("lines.sql", "SELECT 'a' || chr(10) || 'bb' AS multi, 1 AS x, 'p' || chr(10) || 'q' || chr(10) || 'r' AS y;");
        var output = new StringWriter { NewLine = "\n" };
        var exit = await RunCommand.RunAsync([file], untilIdle: false, "table", output, CancellationToken.None);
        Assert.Equal(0, exit);
        // psql 15's output, less the trailing blanks of each line.
        Assert.Equal("""
             multi | x | y
            -------+---+---
             a    +| 1 | p+
             bb    |   | q+
                   |   | r
            (1 row)


            """, output.ToString());
    }
}

/// <summary>Where a script's error is said: at its statement when the error has no position of its own.</summary>
public sealed class ScriptErrorLocationTests
{
    [Fact]
    public async Task An_error_found_while_running_is_located_at_its_statement_but_not_given_a_wire_position()
    {
        await using var engine = new Server.Engine.QueryEngine(new Server.Engine.EngineOptions { Mode = Server.Engine.EngineMode.Manual });
        await using var session = engine.OpenSession();
        const string script = "SELECT 1;\n  SELECT 10 / 0;\nSELECT 2;";
        var results = new List<Server.Engine.StatementResult>();
        await foreach (var result in session.ExecuteAsync(script, CancellationToken.None))
            results.Add(result);
        var error = results[^1].Error!;
        Assert.Equal(2, results.Count);
        Assert.Equal(("22012", 2, 3, (int?)null), (error.SqlState, error.Line, error.Column, error.Position));
        Assert.Equal("run.sql:2:3: error 22012: division by zero\n    SELECT 10 / 0;\n    ^\n", RunCommand.FormatError("run.sql", script, error));
    }
}
