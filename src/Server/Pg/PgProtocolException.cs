namespace StreamSql.Server.Pg;

/// <summary>
/// A violation of the protocol by the client. Thrown while reading a framed message's fields (a
/// missing terminator, a short or long body, invalid UTF-8) it is an ERROR and the connection
/// goes on, as in PostgreSQL, since the framing is intact. Anywhere else (startup,
/// authentication, an unknown message type, a message over the size limit) it is reported as a
/// FATAL ErrorResponse and the connection is closed, because the byte stream can no longer be
/// trusted to be in step.
/// </summary>
internal sealed class PgProtocolException(string sqlState, string message) : Exception(message)
{
    public string SqlState { get; } = sqlState;
}
