using StreamSql.Runtime.Types;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// CopyData ('d') carrying one row in COPY's text format:
/// <code>
/// Byte1('d') Int32 length
/// Byte[n]    columns separated by tab, NULL as \N, the row ended by a newline; backslash,
///            newline, carriage return, tab, backspace, form feed and vertical tab are escaped
///            as \\ \n \r \t \b \f \v
/// </code>
/// </summary>
internal static class CopyDataMessage
{
    public static void Write(PgOutput output, DataType[] types, object?[] values, TimeZoneInfo timeZone)
    {
        output.StartMessage(BackendCode.CopyData);
        for (var i = 0; i < types.Length; i++)
        {
            if (i > 0)
                output.WriteByte((byte)'\t');
            var value = i < values.Length ? values[i] : null;
            if (value is null)
            {
                output.WriteByte((byte)'\\');
                output.WriteByte((byte)'N');
                continue;
            }
            var start = output.MessageOffset;
            PgTextCodec.Write(output, types[i], value, timeZone);
            if (output.WrittenSince(start).IndexOfAny(Special) >= 0)
                Escape(output, start);
        }
        output.WriteByte((byte)'\n');
        output.EndMessage();
    }

    private static ReadOnlySpan<byte> Special => "\\\n\r\t\b\f\v"u8;

    private static void Escape(PgOutput output, int start)
    {
        var raw = output.WrittenSince(start).ToArray();
        output.Rewind(start);
        foreach (var b in raw)
        {
            var escaped = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                (byte)'\t' => (byte)'t',
                (byte)'\b' => (byte)'b',
                (byte)'\f' => (byte)'f',
                (byte)'\v' => (byte)'v',
                _ => (byte)0,
            };
            if (escaped == 0)
            {
                output.WriteByte(b);
            }
            else
            {
                output.WriteByte((byte)'\\');
                output.WriteByte(escaped);
            }
        }
    }
}
