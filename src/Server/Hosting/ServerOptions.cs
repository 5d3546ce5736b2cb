using StreamSql.Server.Pg;

namespace StreamSql.Server.Hosting;

/// <summary>Everything <c>streamsql serve</c> configures: ports, address, data directory, TLS and users.</summary>
public sealed record ServerOptions
{
    public const int DefaultPgPort = 5433;
    public const int DefaultHttpPort = 8080;

    /// <summary>Postgres wire port; 0 picks a free port (read <see cref="ServerHost.PgPort"/> after start).</summary>
    public int PgPort { get; init; } = DefaultPgPort;

    /// <summary>HTTP port (health, API, hub, console); 0 picks a free port.</summary>
    public int HttpPort { get; init; } = DefaultHttpPort;

    /// <summary>The address both ports listen on: "127.0.0.1" (default), "localhost", "0.0.0.0", "::" or any IP.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    public string DataDirectory { get; init; } = "./streamsql-data";

    /// <summary>PEM certificate and key files for TLS on the Postgres port; both or neither.</summary>
    public string? TlsCertificateFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>A single user (<c>--user</c>/<c>--password</c>).</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>A file of <c>name:password</c> lines (<c>--users-file</c>); '#' starts a comment line.</summary>
    public string? UsersFile { get; init; }

    /// <summary>How password users authenticate (default SCRAM-SHA-256).</summary>
    public PgAuthMethod AuthMethod { get; init; } = PgAuthMethod.ScramSha256;

    /// <summary>Protocol limits and timeouts; the authentication and TLS fields are filled from the options above.</summary>
    public PgOptions Pg { get; init; } = new();

    /// <summary>How long a shutdown waits for connections to close before they are cut.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
