using Npgsql;
using StreamSql.Server.Hosting;

namespace StreamSql.Server.Tests.Pg;

/// <summary>The real host on free loopback ports with the fake session factory; shared by the tests of a class.</summary>
public class PgServerFixture : IAsyncLifetime
{
    public FakeSqlSessionFactory Sessions { get; } = new();

    public ServerHost Host { get; private set; } = null!;

    protected virtual ServerOptions Options => new()
    {
        PgPort = 0,
        HttpPort = 0,
        Pg = new StreamSql.Server.Pg.PgOptions
        {
            StartupTimeout = TimeSpan.FromSeconds(2),
            WriteTimeout = TimeSpan.FromSeconds(2),
            MaxMessageSize = 1024 * 1024,
        },
    };

    public int Port => Host.PgPort;

    public string ConnectionString(string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Username=tester;Database=db;Pooling=false;Timeout=10;Command Timeout=20{(extra.Length > 0 ? ";" + extra : "")}";

    public NpgsqlConnection Open(string extra = "")
    {
        var connection = new NpgsqlConnection(ConnectionString(extra));
        connection.Open();
        return connection;
    }

    public async Task InitializeAsync() => Host = await ServerHost.StartAsync(Options, Sessions);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
