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

        var needsQuotes = written.IndexOfAny((byte)'"', (byte)'\n', (byte)'\r') >= 0 || written.IndexOf(delimiter) >= 0
            || IsUtf8Of(written, format.Null) || written.SequenceEqual("\\."u8);
        if (!needsQuotes)
            return;
        var raw = written.ToArray();
        output.Rewind(start);
        output.WriteByte((byte)'"');
        foreach (var b in raw)
        {
            if (b == '"')
                output.WriteByte((byte)'"');
            output.WriteByte(b);
        }
        output.WriteByte((byte)'"');
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
