using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg;

namespace StreamSql.Server.Hosting;

/// <summary>
/// The one ASP.NET Core host of a server: Kestrel with the Postgres protocol on the pg port and
/// HTTP (health, and whatever the other front ends map) on the http port. Started with
/// <see cref="StartAsync"/>; stopped gracefully by <see cref="StopAsync"/>, SIGTERM or Ctrl+C:
/// idle Postgres connections get FATAL 57P01, running statements are cancelled.
/// </summary>
public sealed class ServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerHost(WebApplication app, int pgPort, int httpPort, IPAddress address)
    {
        _app = app;
        PgPort = pgPort;
        HttpPort = httpPort;
        Address = address;
    }

    /// <summary>The bound Postgres port (the real one when 0 was asked for).</summary>
    public int PgPort { get; }

    /// <summary>The bound HTTP port.</summary>
    public int HttpPort { get; }

    public IPAddress Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Validates the options, builds the app and starts listening. <paramref name="configureBuilder"/>
    /// adds services (SignalR, API), <paramref name="configureApp"/> maps endpoints on the HTTP port.
    /// Throws <see cref="ServerOptionsException"/> for options that cannot work.
    /// </summary>
    public static async Task<ServerHost> StartAsync(
        ServerOptions options,
        ISqlSessionFactory sessions,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        CancellationToken cancellationToken = default)
    {
        var address = ParseAddress(options.ListenAddress);
        var pg = ResolvePgOptions(options, address);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddSingleton(sessions);
        builder.Services.AddSingleton(pg);
        builder.Services.AddSingleton<PgCancelRegistry>();
        builder.Services.AddSingleton(options);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);

        ListenOptions? httpListen = null;
        ListenOptions? pgListen = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.HttpPort, listen => httpListen = listen);
            kestrel.Listen(address, options.PgPort, listen =>
            {
                pgListen = listen;
                listen.UseConnectionHandler<PgConnectionHandler>();
            });
        });
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/health", () => Results.Text("ok"));
        configureApp?.Invoke(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ServerOptionsException($"cannot listen on {address} (pg port {options.PgPort}, http port {options.HttpPort}): {e.Message}; choose other ports with --pg-port and --http-port");
        }
        return new ServerHost(app, pgListen!.IPEndPoint!.Port, httpListen!.IPEndPoint!.Port, address);
    }

    /// <summary>Waits until the host stops (SIGTERM, Ctrl+C, <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal static IPAddress ParseAddress(string text)
    {
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        if (text is "*" or "0.0.0.0")
            return IPAddress.Any;
        if (IPAddress.TryParse(text, out var address))
            return address;
        throw new ServerOptionsException($"--listen: '{text}' is not an IP address; valid: 127.0.0.1 (default), localhost, 0.0.0.0, ::, or an address of this machine");
    }

    /// <summary>Users, authentication and TLS; refuses a non-loopback address without a password.</summary>
    internal static PgOptions ResolvePgOptions(ServerOptions options, IPAddress address)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.User is not null || options.Password is not null)
        {
            if (string.IsNullOrEmpty(options.User) || string.IsNullOrEmpty(options.Password))
                throw new ServerOptionsException("--user and --password must be given together");
            users[options.User] = options.Password;
        }
        if (options.UsersFile is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(options.UsersFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ServerOptionsException($"--users-file: cannot read '{options.UsersFile}': {e.Message}");
            }
            foreach (var (name, password) in UsersFile.Parse(text, options.UsersFile))
                users[name] = password;
        }
        if ((users.Count == 0 || options.AuthMethod == PgAuthMethod.Trust) && !IPAddress.IsLoopback(address))
        {
            throw new ServerOptionsException(
                $"listening on {address} accepts connections from other machines, so clients must authenticate: " +
                "set a password with --user NAME --password SECRET, or --users-file FILE (lines of name:password), " +
                "or listen on 127.0.0.1 (the default)");
        }

        X509Certificate2? certificate = null;
        if (options.TlsCertificateFile is not null || options.TlsKeyFile is not null)
        {
            if (options.TlsCertificateFile is null || options.TlsKeyFile is null)
                throw new ServerOptionsException("--tls-cert and --tls-key must be given together (PEM files)");
            try
            {
                certificate = X509Certificate2.CreateFromPemFile(options.TlsCertificateFile, options.TlsKeyFile);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
            {
                throw new ServerOptionsException($"--tls-cert/--tls-key: cannot load '{options.TlsCertificateFile}' with key '{options.TlsKeyFile}': {e.Message}");
            }
        }

        return options.Pg with
        {
            Users = users,
            AuthMethod = options.AuthMethod,
            Certificate = certificate ?? options.Pg.Certificate,
        };
    }
}
