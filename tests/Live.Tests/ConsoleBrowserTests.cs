using Microsoft.Playwright;
using Npgsql;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Live.Tests;

/// <summary>
/// The web console in a real browser (Debian's Chromium through Playwright) against the real host:
/// catalog, a query, an error with its position, and a live view that shows rows inserted over
/// the Postgres port. Saves artifacts/live-console.png.
/// </summary>
public sealed class ConsoleBrowserTests : IAsyncLifetime
{
    private readonly QueryEngine _engine = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });
    private ServerHost _host = null!;

    public async Task InitializeAsync()
    {
        _engine.Start();
        _host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, _engine,
            b => LiveEndpoints.Configure(b, _engine), LiveEndpoints.Map);
        await using var session = _engine.OpenSession();
        await session.ExecuteAllAsync("""
            CREATE TABLE orders (id INT, customer TEXT, amount INT);
            CREATE MATERIALIZED VIEW totals AS SELECT customer, sum(amount) AS total, count(*) AS n FROM orders GROUP BY customer;
            INSERT INTO orders VALUES (1, 'ada', 10);
            FLUSH;
            """, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("StreamSql.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task QueryErrorAndLiveViewInTheBrowser()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync($"http://127.0.0.1:{_host.HttpPort}/");

        // The catalog lists the table and the view.
        await Assertions.Expect(page.Locator("#catalog-list summary", new() { HasText = "totals" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#catalog-list summary", new() { HasText = "orders" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("connected");

        // A query shows its rows.
        await page.FillAsync("#sql", "SELECT customer, total FROM totals");
        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#result .tag").First).ToHaveTextAsync("SELECT 1");
        await Assertions.Expect(page.Locator("#result td").First).ToHaveTextAsync("ada");

        // An error shows the line with a caret under the column.
        await page.FillAsync("#sql", "SELECT 1;\nSELECT nope FROM missing");
        await page.ClickAsync("#run");
        var error = page.Locator("#result .error");
        await Assertions.Expect(error).ToContainTextAsync("ERROR 42P01");
        await Assertions.Expect(error).ToHaveAttributeAsync("data-line", "2");
        await Assertions.Expect(error).ToHaveAttributeAsync("data-column", "18");
        await Assertions.Expect(error.Locator(".caret")).ToHaveTextAsync(new string(' ', 17) + "^");

        // The live panel shows the snapshot, then rows inserted over the Postgres port.
        await page.ClickAsync("button[data-live='totals']");
        var rows = page.Locator("#live-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#live-table thead th")).ToHaveTextAsync(["customer", "total", "n"]);

        await using (var pg = new NpgsqlConnection($"Host=127.0.0.1;Port={_host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Server Compatibility Mode=NoTypeLoading"))
        {
            await pg.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO orders VALUES (2, 'bob', 5), (3, 'ada', 7); FLUSH;", pg);
            await insert.ExecuteNonQueryAsync();
        }

        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#live-table tbody tr", new() { HasText = "bob" })).ToHaveTextAsync("bob51");
        await Assertions.Expect(page.Locator("#live-table tbody tr", new() { HasText = "ada" })).ToHaveTextAsync("ada172");
        await Assertions.Expect(page.Locator("#live-table tbody tr.changed").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#charts .chart")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#source-errors")).ToBeHiddenAsync();

        // A source that cannot reach its brokers says why beside the charts (nothing listens on port 1).
        await page.FillAsync("#sql", "CREATE SOURCE down (id BIGINT) WITH (connector = 'kafka', topic = 'nowhere', \"bootstrap.servers\" = '127.0.0.1:1') FORMAT JSON");
        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#source-errors")).ToContainTextAsync("source down: ", new() { Timeout = 30_000 });

        var artifacts = Path.Combine(RepositoryRoot(), "artifacts");
        Directory.CreateDirectory(artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "live-console.png"), FullPage = true });
    }
}
