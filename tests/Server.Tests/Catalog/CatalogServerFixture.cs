using Npgsql;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;

namespace StreamSql.Server.Tests.Catalog;

/// <summary>
/// The real host over the real engine with a table, a view, a materialized view and a source, for the
/// clients' catalog queries. Connections use Npgsql's default settings (its type loading runs at open).
/// </summary>
public sealed class CatalogServerFixture : IAsyncLifetime
{
    public const string Setup = """
        CREATE TABLE t1 (id INT PRIMARY KEY, name TEXT NOT NULL, amount NUMERIC(10,2), tags TEXT[]);
        CREATE VIEW v1 AS SELECT id, name FROM t1;
        CREATE MATERIALIZED VIEW m1 AS SELECT name, count(*) AS n FROM t1 GROUP BY name;
        CREATE SOURCE s1 (user_id TEXT, ts TIMESTAMP) WITH (connector = 'generator', rows_per_second = '1');
        """;

    public QueryEngine Engine { get; } = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });

    public ServerHost Host { get; private set; } = null!;

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Timeout=15;Command Timeout=30";

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task InitializeAsync()
    {
        Engine.Start();
        Host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, Engine);
        await using var session = Engine.OpenSession();
        foreach (var (result, _) in await session.ExecuteAllAsync(Setup, CancellationToken.None))
            Assert.True(result.Error is null, result.Error?.Message);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
