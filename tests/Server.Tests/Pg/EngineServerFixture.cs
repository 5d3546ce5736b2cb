using Npgsql;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;

namespace StreamSql.Server.Tests.Pg;

/// <summary>The real host over the real <see cref="QueryEngine"/>, live, on free loopback ports.</summary>
public sealed class EngineServerFixture : IAsyncLifetime
{
    public QueryEngine Engine { get; } = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });

    public ServerHost Host { get; private set; } = null!;

    /// <summary>
    /// Without Npgsql's type loading: it queries version() and pg_catalog, which the engine does
    /// not answer yet; the protocol side of type loading is covered with the fake session.
    /// </summary>
    public string ConnectionString(string extra = "") =>
        $"Host=127.0.0.1;Port={Host.PgPort};Username=streamsql;Database=streamsql;Pooling=false;Timeout=15;Command Timeout=30;Include Error Detail=true;Server Compatibility Mode=NoTypeLoading{(extra.Length > 0 ? ";" + extra : "")}";

    public NpgsqlConnection Open(string extra = "")
    {
        var connection = new NpgsqlConnection(ConnectionString(extra));
        connection.Open();
        return connection;
    }

    public async Task InitializeAsync()
    {
        Engine.Start();
        Host = await ServerHost.StartAsync(new ServerOptions { PgPort = 0, HttpPort = 0 }, Engine);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
