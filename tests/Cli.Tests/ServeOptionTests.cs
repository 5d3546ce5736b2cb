using StreamSql.Server.Cli;
using StreamSql.Server.Durability;
using StreamSql.Server.Hosting;

namespace StreamSql.Cli.Tests;

/// <summary><c>streamsql serve</c> with options that cannot work: usage errors (exit 2), said before the data directory is touched.</summary>
public sealed class ServeOptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("streamsql-serve-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("notanip", null, null, "--listen: 'notanip' is not an IP address")]
    [InlineData("0.0.0.0", null, null, "clients must authenticate")]
    [InlineData("127.0.0.1", "/no/such/cert.pem", "/no/such/key.pem", "--tls-cert/--tls-key: cannot load")]
    public async Task OptionsThatCannotWorkAreUsageErrorsBeforeRecovery(string listen, string? cert, string? key, string message)
    {
        var data = Path.Combine(_root, "data");
        var options = new ServerOptions { DataDirectory = data, PgPort = 0, HttpPort = 0, ListenAddress = listen, TlsCertificateFile = cert, TlsKeyFile = key };
        var error = await Assert.ThrowsAsync<UsageException>(() =>
            ServeCommand.RunAsync(options, demo: false, TextWriter.Null, CancellationToken.None, new DurabilityOptions { DataDirectory = data }));
        Assert.Contains(message, error.Message);
        Assert.False(Directory.Exists(data));
    }
}
