using StreamSql.Server.Hosting;
using StreamSql.Server.Pg;

namespace StreamSql.Server.Tests.Pg;

/// <summary>Three hosts with the user alice/secret, one per password method.</summary>
public sealed class AuthServersFixture : IAsyncLifetime
{
    public FakeSqlSessionFactory Sessions { get; } = new();

    public Dictionary<PgAuthMethod, ServerHost> Hosts { get; } = [];

    public async Task InitializeAsync()
    {
        foreach (var method in new[] { PgAuthMethod.ScramSha256, PgAuthMethod.Md5, PgAuthMethod.Password })
        {
            Hosts[method] = await ServerHost.StartAsync(new ServerOptions
            {
                PgPort = 0,
                HttpPort = 0,
                User = "alice",
                Password = "secret",
                AuthMethod = method,
                Pg = new PgOptions { StartupTimeout = TimeSpan.FromSeconds(5) },
            }, Sessions);
        }
    }

    public string ConnectionString(PgAuthMethod method, string user, string password) =>
        $"Host=127.0.0.1;Port={Hosts[method].PgPort};Username={user};Password={password};Database=db;Pooling=false;Timeout=10";

    public async Task DisposeAsync()
    {
        foreach (var host in Hosts.Values)
            await host.DisposeAsync();
    }
}
