namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// CopyOutResponse ('H'), which opens a COPY TO STDOUT:
/// <code>
/// Byte1('H') Int32 length
/// Int8       overall format: 0 text (and CSV), 1 binary
/// Int16      number of columns
/// Int16[n]   per-column format codes (all equal to the overall format)
/// </code>
/// </summary>
internal static class CopyOutResponseMessage
{
    public static void Write(PgOutput output, int columns, bool binary = false)
    {
        output.StartMessage(BackendCode.CopyOutResponse);
        output.WriteByte(binary ? (byte)1 : (byte)0);
        output.WriteInt16((short)columns);
        for (var i = 0; i < columns; i++)
            output.WriteInt16(binary ? (short)1 : (short)0);
        output.EndMessage();
    }
}
