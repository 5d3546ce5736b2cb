using Microsoft.Extensions.Logging;

namespace StreamSql.Server.Pg;

/// <summary>Log messages of the Postgres front end; event ids are fixed (4000-4099) so that they can be filtered on.</summary>
internal static partial class PgLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Connection {ConnectionId} from {Remote}: user {User}, database {Database}, application {Application}")]
    public static partial void SessionStarted(ILogger logger, string connectionId, string? remote, string user, string database, string? application);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Connection {ConnectionId}: startup did not complete: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: authentication failed for user {User}")]
    public static partial void AuthenticationFailed(ILogger logger, string connectionId, string user);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Connection {ConnectionId}: protocol violation {SqlState}: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, string connectionId, string sqlState, string reason);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Connection {ConnectionId}: client gone: {Reason}")]
    public static partial void ClientGone(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Cancel request for process {ProcessId}: {Outcome}")]
    public static partial void CancelRequest(ILogger logger, int processId, string outcome);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Connection {ConnectionId}: internal error")]
    public static partial void InternalError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: TLS handshake failed: {Reason}")]
    public static partial void TlsFailed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: closed for server shutdown")]
    public static partial void ShutdownClose(ILogger logger, string connectionId);
}
