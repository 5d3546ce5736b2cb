using System.Globalization;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// ErrorResponse ('E') and NoticeResponse ('N') share this layout:
/// <code>
/// Byte1('E' | 'N') Int32 length
/// repeated: Byte1 field type, String value
///   'S' severity (localized), 'V' severity (never localized), 'C' SQLSTATE, 'M' message,
///   'D' detail, 'H' hint, 'P' 1-based character position in the query text,
///   'W' where (the context, e.g. "COPY t, line 3, column a: \"x\"")
/// Byte1(0)   terminator
/// </code>
/// </summary>
internal static class ErrorResponseMessage
{
    public static void Write(PgOutput output, byte code, string severity, string sqlState, string message,
        string? detail = null, string? hint = null, int? position = null, string? where = null)
    {
        output.StartMessage(code);
        Field(output, (byte)'S', severity);
        Field(output, (byte)'V', severity);
        Field(output, (byte)'C', sqlState);
        Field(output, (byte)'M', message);
        if (!string.IsNullOrEmpty(detail))
            Field(output, (byte)'D', detail);
        if (!string.IsNullOrEmpty(hint))
            Field(output, (byte)'H', hint);
        if (position is > 0)
            Field(output, (byte)'P', position.Value.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(where))
            Field(output, (byte)'W', where);
        output.WriteByte(0);
        output.EndMessage();
    }

    private static void Field(PgOutput output, byte type, string value)
    {
        output.WriteByte(type);
        output.WriteCString(value);
    }
}
