using StreamSql.Planner;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// CopyData ('d') carrying one row (or the header line) of COPY TO STDOUT:
/// <code>
/// Byte1('d') Int32 length
/// Byte[n]    the row's fields separated by the delimiter, ended by a newline
/// </code>
/// In text format (tab by default) NULL is written as the NULL string (\N by default) and
/// backslash, newline, carriage return, tab, backspace, form feed, vertical tab and the delimiter
/// are escaped (\\ \n \r \t \b \f \v, backslash + delimiter). In CSV format (comma by default)
/// NULL is the NULL string (empty by default) unquoted, and a value is put in double quotes, its
/// own double quotes doubled, when it holds the delimiter, a quote, a newline or a carriage
/// return, equals the NULL string, or is <c>\.</c> (PostgreSQL's end-of-data marker).
/// </summary>
internal static class CopyDataMessage
{
    public static void Write(PgOutput output, DataType[] types, object?[] values, TimeZoneInfo timeZone, CopyFormat format)
    {
        output.StartMessage(BackendCode.CopyData);
        for (var i = 0; i < types.Length; i++)
        {
            if (i > 0)
                output.WriteByte((byte)format.Delimiter);
            var value = i < values.Length ? values[i] : null;
            if (value is null)
            {
                output.WriteUtf8(format.Null);
                continue;
            }
            var start = output.MessageOffset;
            PgTextCodec.Write(output, types[i], value, timeZone);
            Quote(output, start, format);
        }
        output.WriteByte((byte)'\n');
        output.EndMessage();
    }

    /// <summary>
    /// One row in the binary format: Int16 field count, then per field Int32 length (-1: NULL) and the
    /// value's binary form. The first row's message starts with the header, as PostgreSQL sends it
    /// (Npgsql's binary exporter reads the first row from the header's message).
    /// </summary>
    public static void WriteBinary(PgOutput output, DataType[] types, object?[] values, bool withHeader)
    {
        output.StartMessage(BackendCode.CopyData);
        if (withHeader)
            WriteBinaryHeader(output);
        DataRowMessage.WriteFields(output, types, values, null, allBinary: true, TimeZoneInfo.Utc);
        output.EndMessage();
    }

    /// <summary>The binary format's header: signature "PGCOPY\n\377\r\n\0", Int32 flags (0), Int32 header extension length (0).</summary>
    private static void WriteBinaryHeader(PgOutput output)
    {
        output.WriteBytes([(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', 0x0A, 0xFF, 0x0D, 0x0A, 0x00]);
        output.WriteInt32(0);
        output.WriteInt32(0);
    }

    /// <summary>The binary format's trailer, an Int16 field count of -1 (after the header when there were no rows).</summary>
    public static void WriteBinaryTrailer(PgOutput output, bool withHeader)
    {
        output.StartMessage(BackendCode.CopyData);
        if (withHeader)
            WriteBinaryHeader(output);
        output.WriteInt16(-1);
        output.EndMessage();
    }

    /// <summary>The HEADER line: the column names, quoted or escaped as values are.</summary>
    public static void WriteHeader(PgOutput output, IReadOnlyList<string> names, CopyFormat format)
    {
        output.StartMessage(BackendCode.CopyData);
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
                output.WriteByte((byte)format.Delimiter);
            var start = output.MessageOffset;
            output.WriteUtf8(names[i]);
            Quote(output, start, format);
        }
        output.WriteByte((byte)'\n');
        output.EndMessage();
    }

    private static ReadOnlySpan<byte> Special => "\\\n\r\t\b\f\v"u8;

    /// <summary>Escapes (text) or quotes (CSV) the field written since <paramref name="start"/> when it needs it.</summary>
    private static void Quote(PgOutput output, int start, CopyFormat format)
    {
        var written = output.WrittenSince(start);
        var delimiter = (byte)format.Delimiter;
        if (!format.Csv)
        {
            if (written.IndexOfAny(Special) >= 0 || written.IndexOf(delimiter) >= 0)
                Escape(output, start, delimiter);
            return;
        }

        var quote = (byte)format.Quote;
        var escape = (byte)format.Escape;
        var needsQuotes = written.IndexOfAny(quote, (byte)'\n', (byte)'\r') >= 0 || written.IndexOf(delimiter) >= 0
            || IsUtf8Of(written, format.Null) || written.SequenceEqual("\\."u8);
        if (!needsQuotes)
            return;
        var raw = written.ToArray();
        output.Rewind(start);
        output.WriteByte(quote);
        foreach (var b in raw)
        {
            if (b == quote || b == escape)
                output.WriteByte(escape);
            output.WriteByte(b);
        }
        output.WriteByte(quote);
    }

    /// <summary>Whether <paramref name="bytes"/> are <paramref name="text"/> in UTF-8, without encoding it on the heap (once per field).</summary>
    private static bool IsUtf8Of(ReadOnlySpan<byte> bytes, string text)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) != bytes.Length)
            return false;
        Span<byte> encoded = bytes.Length <= 256 ? stackalloc byte[bytes.Length] : new byte[bytes.Length];
        System.Text.Encoding.UTF8.GetBytes(text, encoded);
        return bytes.SequenceEqual(encoded);
    }

    private static void Escape(PgOutput output, int start, byte delimiter)
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
                _ when b == delimiter => delimiter,
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
