using StreamSql.Server.Cli;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;

namespace StreamSql.Cli.Tests;

/// <summary><c>streamsql test --server URL</c>: records over the Postgres wire, directives skipped, each file's objects dropped at its end.</summary>
public sealed class WireRunnerTests : IAsyncLifetime, IDisposable
{
    private readonly Workspace _ws = new();
    private QueryEngine _engine = null!;
    private ServerHost _host = null!;

    public async Task InitializeAsync()
    {
        _engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
        _engine.Start();
        _host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, _engine);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
    }

    public void Dispose() => _ws.Dispose();

    private (int Exit, string Output) Run(params string[] files)
    {
        var output = new StringWriter { NewLine = "\n" };
        var exit = TestCommand.RunAsync(files, null, $"postgres://streamsql@127.0.0.1:{_host.PgPort}/streamsql", null, output, CancellationToken.None)
            .GetAwaiter().GetResult();
        return (exit, _ws.Relative(output.ToString()));
    }

    [Fact]
    public void CopyRunsThroughTheCopyProtocolAsInProcess()
    {
        var file = _ws.Write("copy.slt", """
            statement ok
            CREATE TABLE c (a INT, b TEXT);

            statement ok
            INSERT INTO c VALUES (1, 'x'), (2, NULL);

            query IT rowsort
            COPY c TO STDOUT;
            ----
            1 x
            2 NULL

            statement error COPY FROM STDIN is not supported here: the rows come from a PostgreSQL client
            COPY c FROM STDIN;

            statement error column "zz" of relation "c" does not exist
            COPY c (zz) FROM STDIN;

            query I
            SELECT count(*) FROM c;
            ----
            2
            """);
        // Npgsql refuses COPY as a plain command: the runner used to stop with an internal error.
        var (exit, output) = Run(file);
        Assert.True(exit == 0, output);
        Assert.Equal("copy.slt: 6 passed, 0 failed\n6 passed, 0 failed\n", output);
    }

    [Fact]
    public void RecordsRunOverTheWireAndDirectivesAreSkipped()
    {
        var file = _ws.Write("wire.slt", """
            statement ok
            CREATE TABLE t (a INT);

            statement ok
            INSERT INTO t VALUES (1), (2);

            advance time by '1 second'

            query I
            SELECT sum(a) FROM t;
            ----
            3
            """);
        var (exit, output) = Run(file, file);
        // The second run of the same file starts clean: the first one's table was dropped at its end.
        Assert.True(exit == 0, output);
        Assert.Equal("wire.slt: 3 passed, 0 failed, 1 skipped\nwire.slt: 3 passed, 0 failed, 1 skipped\n6 passed, 0 failed, 2 skipped\n", output);
    }

    [Fact]
    public void AWrongRowOverTheWireFailsWithTheDiff()
    {
        var file = _ws.Write("bad.slt", "query I\nSELECT 1 + 1;\n----\n3\n");
        var (exit, output) = Run(file);
        Assert.Equal(1, exit);
        Assert.Contains("bad.slt:1: query result differs", output);
        Assert.Contains("  ! 3        | 2", output);
    }
}
