namespace StreamSql.Cli.Tests;

/// <summary>
/// <c>streamsql test</c> on passing and failing files: exit codes, counts and the exact text a
/// failure prints (file:line, the record, expected and actual side by side).
/// </summary>
public sealed class RunnerTests : IDisposable
{
    private readonly Workspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private const string Table = """
        statement ok
        CREATE TABLE t (a INT, b TEXT);

        statement ok
        INSERT INTO t VALUES (1, 'x'), (2, 'y');


        """;

    [Fact]
    public void PassingFileExitsZeroAndCountsRecords()
    {
        var file = _ws.Write("ok.slt", Table + """
            query IT rowsort
            SELECT a, b FROM t;
            ----
            2 y
            1 x

            statement error does not exist
            SELECT nope FROM t;

            query I
            SELECT count(*) FROM t WHERE a > 5;
            ----
            0
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(0, exit);
        Assert.Equal("ok.slt: 5 passed, 0 failed\n5 passed, 0 failed\n", output);
    }

    [Fact]
    public void WrongRowShowsExpectedAndActualSideBySide()
    {
        var file = _ws.Write("wrong.slt", Table + """
            query IT
            SELECT a, b FROM t ORDER BY a;
            ----
            1 x
            2 z
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.Equal("""
            wrong.slt:7: query result differs
                SELECT a, b FROM t ORDER BY a;
                expected | actual
                1 x      | 1 x
              ! 2 z      | 2 y

            wrong.slt: 2 passed, 1 failed
            2 passed, 1 failed

            """.ReplaceLineEndings("\n"), output);
    }

    [Fact]
    public void MissingRowIsShownAgainstNothing()
    {
        var file = _ws.Write("missing.slt", Table + """
            query I
            SELECT a FROM t ORDER BY a;
            ----
            1
            2
            3
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.Contains("missing.slt:7: query result differs", output);
        Assert.Contains("  ! 3        | \n", output);
    }

    [Fact]
    public void UnexpectedErrorNamesMessageAndSqlState()
    {
        var file = _ws.Write("error.slt", Table + """
            statement ok
            SELECT nope FROM t;
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.StartsWith("""
            error.slt:7: statement failed: column "nope" does not exist (SQLSTATE 42703)
                SELECT nope FROM t;

            """.ReplaceLineEndings("\n"), output);
    }

    [Fact]
    public void ExpectedErrorThatDoesNotHappenFails()
    {
        var file = _ws.Write("noerror.slt", Table + """
            statement error
            SELECT a FROM t;
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.StartsWith("noerror.slt:7: expected an error, but the statement succeeded\n    SELECT a FROM t;\n", output);
    }

    [Fact]
    public void ErrorWithTheWrongMessageFails()
    {
        var file = _ws.Write("othererror.slt", Table + """
            statement error division by zero
            SELECT nope FROM t;
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.Contains("othererror.slt:7:", output);
        Assert.Contains("column \"nope\" does not exist", output);
    }

    [Fact]
    public void FailuresInSeveralFilesAreSummedAndTheRunGoesOn()
    {
        var good = _ws.Write("a.slt", Table);
        var bad = _ws.Write("b.slt", Table + "statement ok\nSELECT 1/0;\n");
        var (exit, output) = _ws.Test([good, bad]);
        Assert.Equal(1, exit);
        Assert.Contains("a.slt: 2 passed, 0 failed\n", output);
        Assert.Contains("b.slt:7: statement failed: division by zero (SQLSTATE 22012)", output);
        Assert.EndsWith("4 passed, 1 failed\n", output);
    }

    [Fact]
    public void UnknownRecordIsReportedAtItsLine()
    {
        var file = _ws.Write("bad.slt", Table + "frobnicate t\n");
        var (exit, output) = _ws.Test(file);
        Assert.Equal(1, exit);
        Assert.Contains("bad.slt:7: unknown record 'frobnicate'", output);
    }

    [Fact]
    public void MissingFileIsAUsageError()
    {
        var e = Assert.Throws<Server.Cli.UsageException>(() => _ws.Test(Path.Combine(_ws.Root, "nope.slt")));
        Assert.Contains("nope.slt' does not exist", e.Message);
    }

    [Fact]
    public void IncludeRunsAPipelineFileRelativeToTheTest()
    {
        _ws.Write("pipeline/p.sql", "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (7);\n");
        var file = _ws.Write("tests/p.slt", """
            include ../pipeline/p.sql

            query I
            SELECT a FROM t;
            ----
            7
            """);
        var (exit, output) = _ws.Test(file);
        Assert.Equal(0, exit);
        Assert.EndsWith("3 passed, 0 failed\n", output);
    }
}
