namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// CommandComplete ('C'):
/// <code>
/// Byte1('C') Int32 length
/// String     command tag, e.g. "CREATE TABLE", "INSERT 0 3", "SELECT 5", "COPY 2"
/// </code>
/// </summary>
internal static class CommandCompleteMessage
{
    public static void Write(PgOutput output, string tag)
    {
        output.StartMessage(BackendCode.CommandComplete);
        output.WriteCString(tag);
        output.EndMessage();
    }

    /// <summary>A tag with a row count appended ("SELECT 5"), formatted without allocating.</summary>
    public static void Write(PgOutput output, string prefix, long rows)
    {
        output.StartMessage(BackendCode.CommandComplete);
        output.WriteUtf8(prefix);
        output.WriteByte((byte)' ');
        var span = output.GetSpan(20);
        rows.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        output.Advance(written);
        output.WriteByte(0);
        output.EndMessage();
    }
}
