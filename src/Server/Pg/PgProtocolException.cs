namespace StreamSql.Server.Pg;

/// <summary>
/// A violation of the protocol by the client (bad framing, an unknown message, a message over the
/// size limit). It is reported as a FATAL ErrorResponse and the connection is closed, because the
/// byte stream can no longer be trusted to be in step.
/// </summary>
internal sealed class PgProtocolException(string sqlState, string message) : Exception(message)
{
    public string SqlState { get; } = sqlState;
}
