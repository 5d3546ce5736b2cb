namespace StreamSql.Server.Pg;

/// <summary>
/// A violation of the protocol by the client. Thrown while reading a framed message's fields (a
/// missing terminator, a short or long body, invalid UTF-8) it is an ERROR and the connection
/// goes on, as in PostgreSQL, since the framing is intact. Anywhere else (startup,
/// authentication, an unknown message type, a message over the size limit) it is reported as a
/// FATAL ErrorResponse and the connection is closed, because the byte stream can no longer be
/// trusted to be in step; and so it is when thrown with <c>fatal</c> while reading a message (a
/// message COPY FROM STDIN does not allow).
/// </summary>
internal sealed class PgProtocolException(string sqlState, string message, bool fatal = false) : Exception(message)
{
    public string SqlState { get; } = sqlState;

    /// <summary>The connection ends, even though the message's framing was intact.</summary>
    public bool Fatal { get; } = fatal;
}
