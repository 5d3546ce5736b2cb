namespace StreamSql.Server.Pg;

/// <summary>The peer can no longer be written to (closed, or stopped reading past the write timeout): the connection ends without a reply.</summary>
internal sealed class PgClientGoneException(string reason) : Exception(reason);
