using System.Buffers.Binary;
using System.Text;
using Npgsql;
using StreamSql.Server.Pg;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Pg;

/// <summary>SCRAM-SHA-256, md5 and cleartext passwords with Npgsql; wrong passwords and unknown users get 28P01.</summary>
public sealed class AuthenticationTests(AuthServersFixture servers) : IClassFixture<AuthServersFixture>
{
    [Theory]
    [InlineData(PgAuthMethod.ScramSha256)]
    [InlineData(PgAuthMethod.Md5)]
    [InlineData(PgAuthMethod.Password)]
    public void TheRightPasswordOpensASession(PgAuthMethod method)
    {
        using var connection = new NpgsqlConnection(servers.ConnectionString(method, "alice", "secret"));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT 1", connection);
        Assert.Equal(1, command.ExecuteScalar());
    }

    [Theory]
    [InlineData(PgAuthMethod.ScramSha256, "alice", "wrong")]
    [InlineData(PgAuthMethod.ScramSha256, "mallory", "secret")]
    [InlineData(PgAuthMethod.Md5, "alice", "wrong")]
    [InlineData(PgAuthMethod.Md5, "mallory", "secret")]
    [InlineData(PgAuthMethod.Password, "alice", "wrong")]
    [InlineData(PgAuthMethod.Password, "mallory", "secret")]
    public void AWrongPasswordOrUnknownUserIsRefused(PgAuthMethod method, string user, string password)
    {
        using var connection = new NpgsqlConnection(servers.ConnectionString(method, user, password));
        var error = Assert.Throws<PostgresException>(() => connection.Open());
        Assert.Equal("28P01", error.SqlState);
        Assert.Equal($"password authentication failed for user \"{user}\"", error.MessageText);
        Assert.Equal("FATAL", error.Severity);
    }

    [Fact]
    public async Task ScramIsOfferedAsTheOnlyMechanism()
    {
        await using var client = await ConnectAsync(servers.Hosts[PgAuthMethod.ScramSha256].PgPort);
        await client.SendAsync(Startup(("user", "alice")));
        var request = await client.ReadAsync();
        Assert.Equal('R', request.Code);
        Assert.Equal([.. Int32(10), .. "SCRAM-SHA-256\0\0"u8], request.Body);
    }

    [Fact]
    public async Task AnUnknownSaslMechanismIsRefused()
    {
        await using var client = await ConnectAsync(servers.Hosts[PgAuthMethod.ScramSha256].PgPort);
        await client.SendAsync(Startup(("user", "alice")));
        await client.ReadAsync();
        var data = "n,,n=,r=abc"u8.ToArray();
        await client.SendAsync(Message('p', CString("PLAIN"), Int32(data.Length), data));
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Equal("28000", Fields(Assert.Single(messages).Body)['C']);
    }

    [Fact]
    public async Task AMalformedScramExchangeIsAProtocolError()
    {
        await using var client = await ConnectAsync(servers.Hosts[PgAuthMethod.ScramSha256].PgPort);
        await client.SendAsync(Startup(("user", "alice")));
        await client.ReadAsync();
        var data = "x,,n=,r=abc"u8.ToArray();
        await client.SendAsync(Message('p', CString("SCRAM-SHA-256"), Int32(data.Length), data));
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Equal("08P01", Fields(Assert.Single(messages).Body)['C']);
    }

    [Fact]
    public async Task AQueryInsteadOfAPasswordIsAProtocolError()
    {
        await using var client = await ConnectAsync(servers.Hosts[PgAuthMethod.Md5].PgPort);
        await client.SendAsync(Startup(("user", "alice")));
        var request = await client.ReadAsync();
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(request.Body));
        Assert.Equal(8, request.Body.Length);
        await client.SendAsync(Query("SELECT 1"));
        var messages = new List<(char Code, byte[] Body)>();
        Assert.True(await client.IsClosedAsync(messages));
        Assert.Equal("08P01", Fields(Assert.Single(messages).Body)['C']);
    }

    [Fact]
    public async Task CleartextAcceptsTheRawPassword()
    {
        await using var client = await ConnectAsync(servers.Hosts[PgAuthMethod.Password].PgPort);
        await client.SendAsync(Startup(("user", "alice")));
        Assert.Equal(Int32(3), (await client.ReadAsync()).Body);
        await client.SendAsync(Message('p', CString("secret")));
        var messages = await client.ReadUntilReadyAsync();
        Assert.Equal([0, 0, 0, 0], messages[0].Body);
        Assert.Equal("alice", Encoding.UTF8.GetString(messages.Single(m => m.Code == 'S' && Encoding.UTF8.GetString(m.Body).StartsWith("session_authorization", StringComparison.Ordinal)).Body).Split('\0')[1]);
    }
}
