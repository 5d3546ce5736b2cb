namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Execute ('E'):
/// <code>
/// Byte1('E') Int32 length
/// String     portal name
/// Int32      maximum number of rows to return, 0 = no limit (then PortalSuspended if more may follow)
/// </code>
/// </summary>
internal readonly record struct ExecuteMessage(string Portal, int MaxRows)
{
    public static ExecuteMessage Read(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var portal = reader.ReadCString();
        var maxRows = reader.ReadInt32();
        reader.End();
        return new ExecuteMessage(portal, maxRows < 0 ? 0 : maxRows);
    }
}
