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
