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
