using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using StreamSql.Client;
using StreamSql.Server.Hosting;

namespace StreamSql.Server.Tests.Live;

/// <summary>A host with the user alice/secret.</summary>
public sealed class PasswordServerFixture : LiveServerFixture
{
    protected override ServerOptions ServerOptions => new() { PgPort = 0, HttpPort = 0, User = "alice", Password = "secret" };
}

public sealed class AuthTests(PasswordServerFixture server) : IClassFixture<PasswordServerFixture>
{
    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task<HttpStatusCode> GetAsync(string path, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task TheApiNeedsAUserOfTheServer()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("api/catalog", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("api/catalog", Basic("alice", "wrong")));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("api/catalog", Basic("bob", "secret")));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("metrics", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync("api/catalog", new AuthenticationHeaderValue("Bearer", "made-up")));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("api/catalog", Basic("alice", "secret")));
        Assert.Equal(HttpStatusCode.OK, await GetAsync("health", null));
    }

    [Fact]
    public async Task ARefusalSaysHowToAuthenticate()
    {
        using var response = await server.Http.GetAsync("api/metrics");
        Assert.Equal("Basic realm=\"streamsql\", charset=\"UTF-8\"", response.Headers.WwwAuthenticate.ToString());
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("28000", error.GetProperty("sqlState").GetString());
    }

    [Fact]
    public async Task ATokenFromApiTokenWorksAsBearerAndOnTheHub()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/token");
        request.Headers.Authorization = Basic("alice", "secret");
        using var response = await server.Http.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal(64, token.Length);
        Assert.Equal(HttpStatusCode.OK, await GetAsync("api/catalog", new AuthenticationHeaderValue("Bearer", token)));

        await server.RunAsync("CREATE TABLE au_t (x INT); CREATE MATERIALIZED VIEW au_m AS SELECT x FROM au_t; FLUSH;");
        await using var connection = await server.ConnectAsync(b => b.WithUrl(new Uri(server.BaseUri, "hubs/stream"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)));
        await using var frames = connection.StreamAsync<HubFrame>("Subscribe", "au_m", null).GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(["x"], frames.Current.Columns!);
    }

    [Fact]
    public async Task TheHubRefusesAnonymousClients()
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server.BaseUri, "hubs/stream")).Build();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task TheClientSendsBasicCredentials()
    {
        await server.RunAsync("CREATE TABLE au_c (x INT); CREATE MATERIALIZED VIEW au_cm AS SELECT x FROM au_c; INSERT INTO au_c VALUES (3); FLUSH;");
        await using var client = new StreamSqlClient(server.BaseUri, new StreamSqlClientOptions { User = "alice", Password = "secret" });
        await using var changes = client.SubscribeAsync<int>("au_cm").GetAsyncEnumerator();
        Assert.True(await changes.MoveNextAsync());
        Assert.Equal(3, changes.Current.Row);

        await using var refused = new StreamSqlClient(server.BaseUri, new StreamSqlClientOptions { User = "alice", Password = "nope" });
        var error = await Assert.ThrowsAsync<StreamSqlException>(async () =>
        {
            await foreach (var _ in refused.SubscribeAsync<int>("au_cm"))
            {
            }
        });
        Assert.Contains("refused the credentials (401)", error.Message);
    }
}
