using System.Diagnostics;
using StreamSql.Server.Tests.Support;

namespace StreamSql.Server.Tests.Pg;

/// <summary>psql (postgresql-client) against the real host: <c>-c</c>, <c>-f</c>, errors with a caret, COPY to stdout.</summary>
public sealed class PsqlTests(PgServerFixture server) : IClassFixture<PgServerFixture>
{
    private const string Psql = PsqlClient.Path;

    private Task<(int Exit, string Out, string Err)> RunPsql(params string[] args) =>
        PsqlClient.RunAsync(server.Port, "tester", "db", args, sslMode: "prefer");

    [Fact]
    public async Task CommandPrintsATable()
    {
        var (exit, output, error) = await RunPsql("-c", "GENERATE 2");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal(" i | label \n---+-------\n 0 | row 0\n 1 | row 1\n(2 rows)\n\n", output);
    }

    [Fact]
    public async Task FileRunsEveryStatement()
    {
        var file = Path.Combine(Path.GetTempPath(), $"streamsql-psql-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, "SELECT 1;\nNOTICE;\nGENERATE 1;\n");
        try
        {
            var (exit, output, error) = await RunPsql("-f", file);
            Assert.Equal(0, exit);
            Assert.Equal(" ?column? \n----------\n        1\n(1 row)\n\nCREATE MATERIALIZED VIEW\n i | label \n---+-------\n 0 | row 0\n(1 row)\n\n", output);
            Assert.Contains("WARNING:  state grows without bound", error);
            Assert.Contains("HINT:  add a watermark", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ErrorsShowTheMessageAndACaretAtThePosition()
    {
        var (exit, output, error) = await RunPsql("-c", "SELECT * FROM missing");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(
            "ERROR:  relation \"missing\" does not exist\nLINE 1: SELECT * FROM missing\n                      ^\nDETAIL:  no table, view or source has this name\nHINT:  SHOW TABLES lists them\n",
            error);
    }

    [Fact]
    public async Task CopyToStdoutPrintsTextRows()
    {
        var (exit, output, error) = await RunPsql("-c", "COPY SMALL");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal("1\tplain\n2\t\\N\n3\ttab\\there\\nnew\\\\line\n", output);
    }

    [Fact]
    public async Task EveryTypeIsShownAsPostgresShowsIt()
    {
        var (exit, output, _) = await RunPsql("-A", "-t", "-c", "TYPES");
        Assert.Equal(0, exit);
        Assert.Equal(
            "t|-12|123456|9000000000|1.5|-2.25e-05|12345.6789|hé\tllo|2024-01-02 03:04:05.678|2024-01-02 03:04:05.678+00|2024-01-02|1 year 2 mons 3 days 04:00:05|{\"a\": [1, 2]}|{1,NULL,3}|{\"x y\",\"NULL\",\"\"}\n||||||||||||||\n",
            output);
    }

    [Fact]
    public async Task CopyOfAStreamRunsUntilPsqlIsInterrupted()
    {
        Assert.True(File.Exists(Psql), "psql is needed for these tests: apt-get install postgresql-client");
        // stdbuf: psql's stdout is block-buffered into a pipe (a terminal would show each line at once).
        var start = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-oL", Psql, "-X", "-h", "127.0.0.1", "-p", server.Port.ToString(), "-U", "tester", "-d", "db", "-c", "COPY STREAM" })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // Rows arrive while the statement runs: read three lines, then interrupt as Ctrl+C would.
        for (var i = 0; i < 3; i++)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal($"{i / 2}\t1\t{i}", line);
        }
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()]))
            await kill.WaitForExitAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("ERROR:  canceling statement due to user request", await stderr);
        Assert.DoesNotContain("FATAL", await stderr);
    }
}
