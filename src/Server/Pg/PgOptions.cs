using System.Security.Cryptography.X509Certificates;

namespace StreamSql.Server.Pg;

/// <summary>Settings of the Postgres wire front end.</summary>
public sealed record PgOptions
{
    /// <summary>Largest accepted frontend message; a longer one is answered with 54000 and the connection closed.</summary>
    public int MaxMessageSize { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest accepted startup packet (PostgreSQL's MAX_STARTUP_PACKET_LENGTH).</summary>
    public int MaxStartupPacketSize { get; init; } = 10_000;

    /// <summary>Time a new connection has to finish startup and authentication (PostgreSQL's authentication_timeout).</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a write may wait for a client that does not read before the connection is closed.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Output buffered before a flush is forced while rows stream.</summary>
    public int FlushThreshold { get; init; } = 32 * 1024;

    /// <summary>The method used when <see cref="Users"/> is not empty; with no users every client is trusted.</summary>
    public PgAuthMethod AuthMethod { get; init; } = PgAuthMethod.ScramSha256;

    /// <summary>User names and their passwords.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary>The certificate (with its private key) for TLS; null answers SSLRequest with 'N'.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Iteration count of the SCRAM-SHA-256 verifiers (PostgreSQL's default is 4096).</summary>
    public int ScramIterations { get; init; } = 4096;

    /// <summary>
    /// The server_version reported at startup. psql and Npgsql choose catalog queries and features
    /// by it, so it must look like a PostgreSQL 15 release.
    /// </summary>
    public string ServerVersion { get; init; } = "15.0";
}
