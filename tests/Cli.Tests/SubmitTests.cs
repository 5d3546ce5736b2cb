using Npgsql;
using StreamSql.Server.Cli.Submit;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;

namespace StreamSql.Cli.Tests;

/// <summary>
/// <c>streamsql submit</c> against a real server (the Postgres wire host over a live engine on free
/// ports): create, resubmit with no changes, replace with dependents rebuilt, drops, dry runs and
/// the refusals, each checked against what the server then holds.
/// </summary>
public sealed class SubmitTests : IAsyncLifetime, IDisposable
{
    private readonly Workspace _ws = new();
    private QueryEngine _engine = null!;
    private ServerHost _host = null!;

    public async Task InitializeAsync()
    {
        _engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
        _engine.Start();
        _host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, _engine);
        Directory.CreateDirectory(Path.Combine(_ws.Root, "in"));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
    }

    public void Dispose() => _ws.Dispose();

    private string Url => $"postgres://streamsql@127.0.0.1:{_host.PgPort}/streamsql";

    private string Inputs => $"""
        -- inputs
        CREATE SOURCE events (k TEXT, v INT) WITH (connector = 'directory', path = '{Path.Combine(_ws.Root, "in")}') FORMAT JSON;
        CREATE TABLE dims (k TEXT PRIMARY KEY, label TEXT);
        """;

    private const string Views = """
        CREATE MATERIALIZED VIEW totals AS SELECT k, sum(v) AS total FROM events GROUP BY k;
        CREATE MATERIALIZED VIEW labelled AS SELECT t.k, d.label, t.total FROM totals AS t JOIN dims AS d ON t.k = d.k;
        """;

    private async Task<(int Exit, string Output, string Error)> Submit(string[] files, bool dryRun = false, bool allowDrop = false, string? url = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await SubmitCommand.RunAsync(files, url ?? Url, dryRun, allowDrop, output, error, CancellationToken.None);
        return (exit, _ws.Relative(output.ToString()), _ws.Relative(error.ToString()));
    }

    private string[] Files(string views = Views) => [_ws.Write("inputs.sql", Inputs), _ws.Write("views.sql", views)];

    private async Task<string> Objects()
    {
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await c.OpenAsync();
        var names = new List<string>();
        foreach (var kind in new[] { "SOURCES", "TABLES", "MATERIALIZED VIEWS", "VIEWS", "SINKS" })
        {
            await using var cmd = new NpgsqlCommand($"SHOW {kind}", c);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
                names.Add($"{kind.ToLowerInvariant()}:{r.GetString(0)}");
        }

        return string.Join(" ", names.OrderBy(n => n, StringComparer.Ordinal));
    }

    private async Task Execute(string sql)
    {
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task FirstSubmitCreatesEverythingAndTheSecondChangesNothing()
    {
        var files = Files();
        var (exit, output, error) = await Submit(files);
        Assert.True(exit == 0, error);
        Assert.Equal($"""
            plan for 127.0.0.1:{_host.PgPort}/streamsql:
              + create source events
              + create table dims
              + create materialized view totals
              + create materialized view labelled
            4 changes, 4 statements
            applied 4 changes

            """.ReplaceLineEndings("\n"), output);
        Assert.Equal("materialized views:labelled materialized views:totals sources:events tables:dims tables:events_errors", await Objects());

        // Spacing, comments and keyword case are not changes.
        var reformatted = _ws.Write("views.sql", "-- the same views\ncreate materialized view totals as select k, sum(v) as total\n  from events group by k;\n" +
            "CREATE MATERIALIZED VIEW labelled AS SELECT t.k, d.label, t.total FROM totals AS t JOIN dims AS d ON t.k = d.k;\n");
        var again = await Submit([files[0], reformatted]);
        Assert.Equal((0, "no changes\n", ""), again);
    }

    [Fact]
    public async Task ReplacingAViewOthersReadNeedsAllowDropAndRebuildsThem()
    {
        var files = Files();
        Assert.Equal(0, (await Submit(files)).Exit);
        await Execute("INSERT INTO dims VALUES ('a', 'Alpha')");
        var changed = Files(Views.Replace("sum(v) AS total", "sum(v) * 2 AS total"));

        var (exit, output, error) = await Submit(changed);
        Assert.Equal(1, exit);
        Assert.Contains("  ~ replace materialized view totals (definition changed)\n  ~ rebuild materialized view labelled (reads totals)\n", output);
        Assert.Contains("submit: replacing materialized view totals rebuilds what reads it: materialized view labelled", error);
        Assert.Contains("run again with --allow-drop", error);

        // A dry run applies nothing: without --allow-drop it says the plan would need it, and succeeds.
        var dryWithout = await Submit(changed, dryRun: true);
        Assert.Equal(0, dryWithout.Exit);
        Assert.EndsWith("dry run: nothing was applied (applying this plan needs --allow-drop)\n", dryWithout.Output);
        Assert.Contains("submit: replacing materialized view totals rebuilds what reads it", dryWithout.Error);

        var dry = await Submit(changed, dryRun: true, allowDrop: true);
        Assert.Equal(0, dry.Exit);
        Assert.Contains("  would run: DROP MATERIALIZED VIEW labelled\n  would run: DROP MATERIALIZED VIEW totals\n  would run: CREATE MATERIALIZED VIEW totals AS SELECT k, sum(v) * 2", dry.Output);
        Assert.EndsWith("dry run: nothing was applied\n", dry.Output);

        var applied = await Submit(changed, allowDrop: true);
        Assert.True(applied.Exit == 0, applied.Error);
        Assert.EndsWith("applied 2 changes\n", applied.Output);
        Assert.Equal((0, "no changes\n", ""), await Submit(changed));
        // The table kept its rows: only what read the replaced view was rebuilt.
        await using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM dims", c);
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ReplacingALeafViewNeedsNoFlag()
    {
        var files = Files();
        Assert.Equal(0, (await Submit(files)).Exit);
        var changed = Files(Views.Replace("t.total FROM", "t.total, 1 AS one FROM"));
        var (exit, output, error) = await Submit(changed);
        Assert.True(exit == 0, error);
        Assert.Contains("  ~ replace materialized view labelled (definition changed)\n1 change, 2 statements\napplied 1 change\n", output);
    }

    [Fact]
    public async Task ObjectsNotInTheFilesAreDroppedOnlyWithAllowDrop()
    {
        Assert.Equal(0, (await Submit(Files())).Exit);
        var fewer = Files("CREATE MATERIALIZED VIEW totals AS SELECT k, sum(v) AS total FROM events GROUP BY k;\n");
        var refused = await Submit(fewer);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("  - drop materialized view labelled (not in the files)", refused.Output);
        Assert.Contains("materialized view labelled is not in the files and would be dropped", refused.Error);
        Assert.Contains("materialized views:labelled", await Objects());

        var applied = await Submit(fewer, allowDrop: true);
        Assert.Equal(0, applied.Exit);
        Assert.DoesNotContain("labelled", await Objects());
    }

    [Fact]
    public async Task ReplacingATableNeedsAllowDropBecauseItsRowsGo()
    {
        Assert.Equal(0, (await Submit(Files())).Exit);
        var inputs = _ws.Write("inputs.sql", Inputs.Replace("label TEXT", "label TEXT, weight INT"));
        var (exit, _, error) = await Submit([inputs, _ws.Write("views.sql", Views)]);
        Assert.Equal(1, exit);
        Assert.Contains("replacing table dims drops its rows", error);
    }

    [Fact]
    public async Task DryRunChangesNothing()
    {
        var (exit, output, _) = await Submit(Files(), dryRun: true);
        Assert.Equal(0, exit);
        Assert.Contains("  would run: CREATE SOURCE events", output);
        Assert.Equal("", await Objects());
    }

    [Fact]
    public async Task FilesWithErrorsAreRefusedBeforeAnythingIsApplied()
    {
        var bad = _ws.Write("views.sql", "CREATE MATERIALIZED VIEW totals AS SELECT k, sum(nope) FROM events GROUP BY k;\n");
        var (exit, _, error) = await Submit([_ws.Write("inputs.sql", Inputs), bad]);
        Assert.Equal(1, exit);
        Assert.Contains("views.sql:1:", error);
        Assert.Contains("column \"nope\" does not exist", error);
        Assert.Contains("nothing was applied", error);
        Assert.Equal("", await Objects());
    }

    [Fact]
    public async Task OnlyDefinitionsCanBeSubmitted()
    {
        var file = _ws.Write("seed.sql", "CREATE TABLE t (a INT);\nINSERT INTO t VALUES (1);\n");
        var (exit, _, error) = await Submit([file]);
        Assert.Equal(1, exit);
        Assert.Contains("seed.sql:2:1: submit: only definitions", error);
    }

    [Fact]
    public async Task AStatementTheServerRefusesStopsTheDeploymentAndSaysHowFarItGot()
    {
        var missing = Path.Combine(_ws.Root, "no-such-folder");
        var file = _ws.Write("inputs.sql", $"CREATE TABLE ok (a INT);\nCREATE SOURCE s (a INT) WITH (connector = 'directory', path = '{missing}') FORMAT JSON;\n");
        var (exit, _, error) = await Submit([file]);
        Assert.Equal(1, exit);
        Assert.Contains("submit: 22023: folder", error);
        Assert.Contains("1 of 2 statements were applied before it", error);

        // Nothing of the refused source is left behind (its dead-letter table included): fixing the folder and
        // submitting again finishes the job.
        Directory.CreateDirectory(missing);
        var (again, output, error2) = await Submit([file]);
        Assert.True(again == 0, error2);
        Assert.Contains("  + create source s\n1 change", output);
        Assert.Equal("sources:s tables:ok tables:s_errors", await Objects());
    }

    [Fact]
    public async Task AnUnreachableServerIsAUserError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var (exit, _, error) = await Submit(Files(), url: $"postgres://streamsql@127.0.0.1:{port}/streamsql?timeout=2");
        Assert.Equal(1, exit);
        Assert.Contains($"submit: cannot reach the server at 127.0.0.1:{port}/streamsql", error);
    }

    [Theory]
    [InlineData("postgres://")]
    [InlineData("host=;port=notanumber")]
    public async Task ABadUrlIsAUsageError(string url)
    {
        var e = await Assert.ThrowsAsync<Server.Cli.UsageException>(() => Submit(Files(), url: url));
        Assert.Contains("--server", e.Message);
    }
}
