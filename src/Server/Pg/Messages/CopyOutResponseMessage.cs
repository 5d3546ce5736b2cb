namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// CopyOutResponse ('H'), which opens a COPY TO STDOUT:
/// <code>
/// Byte1('H') Int32 length
/// Int8       overall format: 0 text
/// Int16      number of columns
/// Int16[n]   per-column format codes (all 0 in text format)
/// </code>
/// </summary>
internal static class CopyOutResponseMessage
{
    public static void Write(PgOutput output, int columns)
    {
        output.StartMessage(BackendCode.CopyOutResponse);
        output.WriteByte(0);
        output.WriteInt16((short)columns);
        for (var i = 0; i < columns; i++)
            output.WriteInt16(0);
        output.EndMessage();
    }
}
