using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg;

/// <summary>
/// The Postgres wire protocol (v3) as a Kestrel connection handler: one <see cref="PgConnection"/>
/// per accepted socket, all sharing the session factory, options, credentials and cancel registry.
/// </summary>
public sealed class PgConnectionHandler : ConnectionHandler
{
    private readonly ISqlSessionFactory _sessions;
    private readonly PgOptions _options;
    private readonly PgCredentialStore _credentials;
    private readonly PgCancelRegistry _registry;
    private readonly ILogger<PgConnectionHandler> _logger;

    public PgConnectionHandler(ISqlSessionFactory sessions, PgOptions options, PgCancelRegistry registry, ILogger<PgConnectionHandler> logger)
    {
        _sessions = sessions;
        _options = options;
        _registry = registry;
        _logger = logger;
        _credentials = new PgCredentialStore(options);
    }

    public override Task OnConnectedAsync(ConnectionContext connection) =>
        new PgConnection(connection, _sessions, _options, _credentials, _registry, _logger).RunAsync();
}
