using Microsoft.AspNetCore.SignalR.Client;
using StreamSql.Server.Engine;
using StreamSql.Server.Hosting;
using StreamSql.Server.Live;

namespace StreamSql.Server.Tests.Live;

/// <summary>The real host with the live front end over a live <see cref="QueryEngine"/>, on free loopback ports.</summary>
public class LiveServerFixture : IAsyncLifetime
{
    public QueryEngine Engine { get; } = new(new EngineOptions { Mode = EngineMode.Live, ConsoleOutput = TextWriter.Null });

    public ServerHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    protected virtual ServerOptions ServerOptions => new() { PgPort = 0, HttpPort = 0 };

    protected virtual LiveOptions LiveOptions => new() { MetricsInterval = TimeSpan.FromMilliseconds(200) };

    public Uri BaseUri => new($"http://127.0.0.1:{Host.HttpPort}/");

    public async Task InitializeAsync()
    {
        Engine.Start();
        Host = await ServerHost.StartAsync(ServerOptions, Engine, b => LiveEndpoints.Configure(b, Engine, LiveOptions), LiveEndpoints.Map);
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Runs a script on a session of its own and returns the last statement's rows.</summary>
    public async Task<IReadOnlyList<object?[]>> RunAsync(string sql)
    {
        await using var session = Engine.OpenSession();
        var all = await session.ExecuteAllAsync(sql, CancellationToken.None);
        var failed = all.FirstOrDefault(r => r.Result.Error is not null);
        Assert.True(failed.Result is null, failed.Result?.Error?.Message);
        return all[^1].Rows;
    }

    public async Task<HubConnection> ConnectAsync(Action<IHubConnectionBuilder>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(BaseUri, "hubs/stream"));
        configure?.Invoke(builder);
        var connection = builder.Build();
        await connection.StartAsync();
        return connection;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
