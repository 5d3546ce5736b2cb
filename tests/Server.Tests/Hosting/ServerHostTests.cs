using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Npgsql;
using StreamSql.Server.Hosting;
using StreamSql.Server.Pg;
using StreamSql.Server.Tests.Pg;
using static StreamSql.Server.Tests.Pg.PgWireClient;

namespace StreamSql.Server.Tests.Hosting;

/// <summary>The host: both ports, health, option checks, TLS, graceful shutdown.</summary>
public sealed class ServerHostTests
{
    private static ServerOptions Ephemeral => new() { PgPort = 0, HttpPort = 0 };

    [Fact]
    public async Task HealthAnswersOkOnTheHttpPort()
    {
        await using var host = await ServerHost.StartAsync(Ephemeral, new FakeSqlSessionFactory());
        Assert.NotEqual(0, host.PgPort);
        Assert.NotEqual(0, host.HttpPort);
        Assert.NotEqual(host.PgPort, host.HttpPort);
        Assert.Equal(IPAddress.Loopback, host.Address);
        using var http = new HttpClient();
        var response = await http.GetAsync($"http://127.0.0.1:{host.HttpPort}/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ExtraEndpointsCanBeMapped()
    {
        await using var host = await ServerHost.StartAsync(Ephemeral, new FakeSqlSessionFactory(),
            configureApp: app => app.MapGet("/api/ping", () => "pong"));
        using var http = new HttpClient();
        Assert.Equal("pong", await http.GetStringAsync($"http://127.0.0.1:{host.HttpPort}/api/ping"));
    }

    [Fact]
    public async Task TheDefaultsAreTheDocumentedOnes()
    {
        var options = new ServerOptions();
        Assert.Equal(5433, options.PgPort);
        Assert.Equal(8080, options.HttpPort);
        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal("./streamsql-data", options.DataDirectory);
        Assert.Equal(PgAuthMethod.ScramSha256, options.AuthMethod);
        Assert.Equal(64 * 1024 * 1024, options.Pg.MaxMessageSize);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.10")]
    public async Task APublicAddressWithoutAPasswordIsRefused(string address)
    {
        var error = await Assert.ThrowsAsync<ServerOptionsException>(() =>
            ServerHost.StartAsync(Ephemeral with { ListenAddress = address }, new FakeSqlSessionFactory()));
        Assert.Contains("--user NAME --password SECRET", error.Message);
        Assert.Contains("--users-file", error.Message);
    }

    [Fact]
    public void APublicAddressWithTrustIsRefusedEvenWithUsers()
    {
        var error = Assert.Throws<ServerOptionsException>(() =>
            ServerHost.ResolvePgOptions(Ephemeral with { ListenAddress = "0.0.0.0", User = "u", Password = "p", AuthMethod = PgAuthMethod.Trust }, IPAddress.Any));
        Assert.Contains("--user NAME --password SECRET", error.Message);
    }

    [Fact]
    public void APublicAddressWithUsersIsAccepted()
    {
        var pg = ServerHost.ResolvePgOptions(Ephemeral with { ListenAddress = "0.0.0.0", User = "u", Password = "p" }, IPAddress.Any);
        Assert.Equal("p", pg.Users["u"]);
    }

    [Theory]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("::1", "::1")]
    public void ListenAddressesParse(string text, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), ServerHost.ParseAddress(text));

    [Fact]
    public void AnInvalidListenAddressNamesTheValidOnes()
    {
        var error = Assert.Throws<ServerOptionsException>(() => ServerHost.ParseAddress("example.com"));
        Assert.Equal("--listen: 'example.com' is not an IP address; valid: 127.0.0.1 (default), localhost, 0.0.0.0, ::, or an address of this machine", error.Message);
    }

    [Fact]
    public void UserWithoutPasswordIsRefused()
    {
        var error = Assert.Throws<ServerOptionsException>(() => ServerHost.ResolvePgOptions(Ephemeral with { User = "u" }, IPAddress.Loopback));
        Assert.Equal("--user and --password must be given together", error.Message);
    }

    [Fact]
    public void UsersFileIsRead()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# users\nalice:s3cret:with:colons\n\nbob:pw\r\n");
            var pg = ServerHost.ResolvePgOptions(Ephemeral with { UsersFile = file }, IPAddress.Loopback);
            Assert.Equal(2, pg.Users.Count);
            Assert.Equal("s3cret:with:colons", pg.Users["alice"]);
            Assert.Equal("pw", pg.Users["bob"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("alice\n", "users.txt:1: expected 'name:password'")]
    [InlineData("a:1\n:2\n", "users.txt:2: expected 'name:password'")]
    [InlineData("a:1\na:2\n", "users.txt:2: user 'a' is listed twice")]
    [InlineData("a:\n", "users.txt:1: expected 'name:password'")]
    public void BadUsersFilesSayWhere(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ServerOptionsException>(() => UsersFile.Parse(text, "users.txt")).Message);

    [Fact]
    public void AMissingUsersFileIsReported()
    {
        var error = Assert.Throws<ServerOptionsException>(() => ServerHost.ResolvePgOptions(Ephemeral with { UsersFile = "/nonexistent/users" }, IPAddress.Loopback));
        Assert.StartsWith("--users-file: cannot read '/nonexistent/users'", error.Message);
    }

    [Fact]
    public void TlsNeedsBothFiles()
    {
        var error = Assert.Throws<ServerOptionsException>(() => ServerHost.ResolvePgOptions(Ephemeral with { TlsCertificateFile = "c.pem" }, IPAddress.Loopback));
        Assert.Equal("--tls-cert and --tls-key must be given together (PEM files)", error.Message);
        var missing = Assert.Throws<ServerOptionsException>(() => ServerHost.ResolvePgOptions(Ephemeral with { TlsCertificateFile = "/nonexistent/c.pem", TlsKeyFile = "/nonexistent/k.pem" }, IPAddress.Loopback));
        Assert.StartsWith("--tls-cert/--tls-key: cannot load '/nonexistent/c.pem'", missing.Message);
    }

    [Fact]
    public async Task APortInUseIsReportedWithTheFix()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var error = await Assert.ThrowsAsync<ServerOptionsException>(() => ServerHost.StartAsync(Ephemeral with { PgPort = port }, new FakeSqlSessionFactory()));
        Assert.Contains("--pg-port", error.Message);
        Assert.Contains(port.ToString(), error.Message);
    }

    [Fact]
    public async Task TlsIsNegotiatedWhenACertificateIsGiven()
    {
        var directory = Directory.CreateTempSubdirectory("streamsql-tls-");
        try
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            var certFile = Path.Combine(directory.FullName, "cert.pem");
            var keyFile = Path.Combine(directory.FullName, "key.pem");
            await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

            await using var host = await ServerHost.StartAsync(Ephemeral with { TlsCertificateFile = certFile, TlsKeyFile = keyFile }, new FakeSqlSessionFactory());
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={host.PgPort};Username=tester;Database=db;Pooling=false;SSL Mode=Require;Trust Server Certificate=true;Timeout=10");
            // SSL Mode=Require fails unless the server answers SSLRequest with 'S' and completes the handshake.
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("GENERATE 500", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
                rows++;
            Assert.Equal(500, rows);

            await using var raw = await ConnectAsync(host.PgPort);
            await raw.SendAsync([.. Int32(8), .. Int32(80877103)]);
            Assert.Equal((byte)'S', await raw.ReadByteAsync());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ShutdownEndsIdleConnectionsWith57P01AndCancelsRunningOnes()
    {
        var sessions = new FakeSqlSessionFactory();
        var host = await ServerHost.StartAsync(Ephemeral with { ShutdownTimeout = TimeSpan.FromSeconds(5) }, sessions);
        var (idle, _, _) = await StartAsync(host.PgPort);
        var (busy, _, _) = await StartAsync(host.PgPort);
        await busy.SendAsync(Query("STREAM"));
        Assert.Equal('T', (await busy.ReadAsync()).Code);

        var stopping = host.DisposeAsync().AsTask();
        foreach (var client in new[] { idle, busy })
        {
            var messages = new List<(char Code, byte[] Body)>();
            Assert.True(await client.IsClosedAsync(messages));
            var error = Fields(messages.Single(m => m.Code == 'E').Body);
            Assert.Equal("FATAL", error['S']);
            Assert.Equal("57P01", error['C']);
            await client.DisposeAsync();
        }
        await stopping;
        Assert.All(sessions.Sessions, s => Assert.True(s.Disposed));
    }
}
