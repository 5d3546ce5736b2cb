using System.Text;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// RFC 4180 records: fields by position, separated by the delimiter; a field that starts with a
/// double quote runs to the matching closing quote (<c>""</c> inside is one quote, delimiters and
/// line breaks are plain text). As in PostgreSQL's <c>COPY ... CSV</c>, an unquoted empty field
/// is NULL and a quoted one (<c>""</c>) is the empty string. The record must have exactly one
/// field per column.
/// </summary>
public sealed class CsvRecordDecoder : RecordDecoder
{
    private char[] chars = new char[256];
    private char[] fieldText = new char[256];
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private bool[] quoted = new bool[16];

    public CsvRecordDecoder(RecordFormat format, RowSchema schema)
        : base(format, schema)
    {
    }

    public override string? Decode(ReadOnlySpan<byte> record, BatchBuilder builder)
    {
        if (chars.Length < record.Length)
            chars = new char[Math.Max(record.Length, chars.Length * 2)];
        int n = Encoding.UTF8.GetChars(record, chars);
        if (Split(chars.AsSpan(0, n), out int fields) is { } syntaxError)
            return syntaxError;
        if (fields != Schema.Count)
            return $"expected {Schema.Count} fields, found {fields}";

        int row = builder.BeginRow(1);
        for (int c = 0; c < fields; c++)
        {
            var column = builder[c];
            if (lengths[c] == 0 && !quoted[c])
            {
                column.SetNull(row, true);
                continue;
            }
            try
            {
                FieldReader.Write(column, row, fieldText.AsSpan(starts[c], lengths[c]));
            }
            catch (Exception e) when (IsInputError(e))
            {
                builder.DropLast();
                return FieldError(c, e);
            }
        }
        return null;
    }

    /// <summary>Splits the record into unescaped field texts in <see cref="fieldText"/>.</summary>
    private string? Split(ReadOnlySpan<char> s, out int count)
    {
        char delimiter = Format.Delimiter;
        if (fieldText.Length < s.Length)
            fieldText = new char[Math.Max(s.Length, fieldText.Length * 2)];
        count = 0;
        int i = 0, at = 0;
        while (true)
        {
            if (count == starts.Length)
            {
                Array.Resize(ref starts, count * 2);
                Array.Resize(ref lengths, count * 2);
                Array.Resize(ref quoted, count * 2);
            }
            int start = at;
            bool isQuoted = i < s.Length && s[i] == '"';
            if (isQuoted)
            {
                i++;
                while (true)
                {
                    if (i >= s.Length)
                        return $"unterminated quoted field {count + 1}";
                    if (s[i] == '"')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '"')
                        {
                            fieldText[at++] = '"';
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    fieldText[at++] = s[i++];
                }
                if (i < s.Length && s[i] != delimiter)
                    return $"unexpected character '{s[i]}' after the closing quote of field {count + 1}";
            }
            else
            {
                while (i < s.Length && s[i] != delimiter)
                    fieldText[at++] = s[i++];
            }
            starts[count] = start;
            lengths[count] = at - start;
            quoted[count] = isQuoted;
            count++;
            if (i >= s.Length)
                return null;
            i++;
        }
    }
}
