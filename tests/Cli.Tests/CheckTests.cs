using System.Text.Json;

namespace StreamSql.Cli.Tests;

/// <summary><c>streamsql check</c>'s formats for CI: text with a caret, GitHub annotations, JSON; warnings as errors.</summary>
public sealed class CheckTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Unbounded = """
        CREATE TABLE clicks (user_id TEXT, ts TIMESTAMP);
        CREATE MATERIALIZED VIEW per_user AS SELECT user_id, count(*) AS n FROM clicks GROUP BY user_id;
        """;

    [Fact]
    public void CleanFilesExitZero()
    {
        var file = _ws.Write("ok.sql", "CREATE TABLE t (a INT);\nSELECT a FROM t;\n");
        var (exit, output) = _ws.Check([file]);
        Assert.Equal(0, exit);
        Assert.Equal("1 file checked: no problems\n", output);
    }

    [Fact]
    public void GithubFormatAnnotatesErrorsAtTheirPosition()
    {
        var file = _ws.Write("bad.sql", "CREATE TABLE t (a INT);\nSELECT b\n  FROM t;\n");
        var (exit, output) = _ws.Check([file], "github");
        Assert.Equal(1, exit);
        Assert.StartsWith("::error file=bad.sql,line=2,col=8::SS2", output);
        Assert.Contains("column \"b\" does not exist", output);
    }

    [Fact]
    public void GeneratorOptionsAreCheckedAsTheServerChecksThem()
    {
        var file = _ws.Write("gen.sql", "CREATE SOURCE g (id INT)\n  WITH (connector = 'generator', 'fields.id.min' = '5', 'fields.id.max' = '1');\n");
        var (exit, output) = _ws.Check([file], "github");
        Assert.Equal(1, exit);
        Assert.StartsWith("::error file=gen.sql,line=2,col=57::SS2012: invalid value for option 'fields.id.max': max ('1') is below min ('5'); expected min <= max", output);
    }

    [Fact]
    public void FilesAreCheckedInOrderAgainstOneCatalog()
    {
        var a = _ws.Write("a.sql", "CREATE TABLE t (a INT);\n");
        var b = _ws.Write("b.sql", "CREATE MATERIALIZED VIEW v AS SELECT a FROM t WHERE a > 1;\n");
        Assert.Equal(0, _ws.Check([a, b]).Exit);
        var (exit, output) = _ws.Check([b, a], "github");
        Assert.Equal(1, exit);
        Assert.StartsWith("::error file=b.sql,line=1,col=", output);
    }

    [Fact]
    public void UnboundedStateIsAWarningAndWarningsAsErrorsFails()
    {
        var file = _ws.Write("state.sql", Unbounded);
        var (exit, output) = _ws.Check([file], "github");
        Assert.Equal(0, exit);
        Assert.StartsWith("::warning file=state.sql,line=2,col=1::SS3001: state of Aggregate grows without bound", output);
        Assert.Equal(1, _ws.Check([file], "github", warningsAsErrors: true).Exit);
    }

    [Fact]
    public void JsonFormatListsEveryDiagnosticWithItsSpan()
    {
        var file = _ws.Write("mixed.sql", Unbounded + "\nSELECT nope FROM clicks;\n");
        var (exit, output) = _ws.Check([file], "json");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("warning", items[0].GetProperty("severity").GetString());
        Assert.Equal("SS3001", items[0].GetProperty("code").GetString());
        var error = items[1];
        Assert.Equal("error", error.GetProperty("severity").GetString());
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal(8, error.GetProperty("column").GetInt32());
        Assert.Equal(12, error.GetProperty("endColumn").GetInt32());
        Assert.Equal("42703", error.GetProperty("sqlstate").GetString());
        Assert.EndsWith("mixed.sql", error.GetProperty("file").GetString());
    }

    [Fact]
    public void GithubMessagesEscapeNewlinesAndPercent()
    {
        var file = _ws.Write("syntax.sql", "SELECT 100 % FROM;\n");
        var (exit, output) = _ws.Check([file], "github");
        Assert.Equal(1, exit);
        Assert.Single(output.TrimEnd('\n').Split('\n'), l => l.StartsWith("::error file=syntax.sql,line=1,", StringComparison.Ordinal));
    }
}
