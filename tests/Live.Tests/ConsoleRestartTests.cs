using Microsoft.Playwright;
using Npgsql;
using StreamSql.Server.Durability;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Live.Tests;

/// <summary>
/// The web console keeps working when the server restarts under it: the page is not reloaded, it
/// shows that it is reconnecting, then reconnects on its own, subscribes again (from a fresh
/// snapshot, since the restarted server does not hold the old epochs) and shows rows inserted after
/// the restart, with no row twice.
/// </summary>
public sealed class ConsoleRestartTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "streamsql-console-restart-" + Guid.NewGuid().ToString("N"));
    private QueryEngine _engine = null!;
    private ServerHost _host = null!;

    public async Task InitializeAsync()
    {
        (_engine, _host) = await StartAsync(0, 0);
        await using var session = _engine.OpenSession();
        await session.ExecuteAllAsync("""
            CREATE TABLE orders (id INT, customer TEXT, amount INT);
            CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
            INSERT INTO orders VALUES (1, 'ada', 10);
            """, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    /// <summary>A durable engine on the test's data directory behind a host on the given ports (0: any free one).</summary>
    private async Task<(QueryEngine, ServerHost)> StartAsync(int pgPort, int httpPort)
    {
        var engine = new QueryEngine(new EngineOptions
        {
            Mode = EngineMode.Live,
            ConsoleOutput = TextWriter.Null,
            Durability = new DurabilityOptions { DataDirectory = _data },
        });
        engine.Recover();
        engine.Start();
        var host = await ServerHost.StartAsync(new ServerOptions { PgPort = pgPort, HttpPort = httpPort }, engine,
            b => LiveEndpoints.Configure(b, engine), LiveEndpoints.Map);
        return (engine, host);
    }

    private async Task InsertAsync(string values)
    {
        await using var pg = new NpgsqlConnection($"Host=127.0.0.1;Port={_host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading");
        await pg.OpenAsync();
        await using var insert = new NpgsqlCommand($"INSERT INTO orders VALUES {values}", pg);
        await insert.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TheLiveViewReconnectsAndResumesAfterTheServerRestarts()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"http://127.0.0.1:{_host.HttpPort}/");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");
        await page.ClickAsync("button[data-live='totals']");
        var rows = page.Locator("#live-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await InsertAsync("(2, 'bob', 5)");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // The server goes away: the page says so and keeps trying.
        var (pgPort, httpPort) = (_host.PgPort, _host.HttpPort);
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("reconnecting…");

        // It comes back on the same ports with the same data; the page was never reloaded.
        (_engine, _host) = await StartAsync(pgPort, httpPort);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");
        await InsertAsync("(3, 'ada', 7), (4, 'cy', 1)");
        await Assertions.Expect(page.Locator("#live-table tbody tr", new() { HasText = "cy" })).ToHaveTextAsync("cy1");
        await Assertions.Expect(page.Locator("#live-table tbody tr", new() { HasText = "ada" })).ToHaveTextAsync("ada17");
        await Assertions.Expect(page.Locator("#live-table tbody tr", new() { HasText = "bob" })).ToHaveTextAsync("bob5");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
    }
}
