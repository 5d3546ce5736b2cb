namespace StreamSql.Server.Pg;

/// <summary>
/// The message framing is lost (a length below 4, the input ending inside a message): the byte
/// stream can no longer be read, and as PostgreSQL does the connection closes without a reply,
/// the reason going only to the log.
/// </summary>
internal sealed class PgFramingException(string reason) : Exception(reason);
