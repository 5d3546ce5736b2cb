using System.Text;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Plain lines. With one column the whole line is its value; with more, the line is split at every
/// delimiter into exactly one field per column (no quoting or escapes: use CSV for values that
/// contain the delimiter). An empty field is the empty string in a text column and NULL in any
/// other. Blank lines are records like any other.
/// </summary>
public sealed class TextRecordDecoder : RecordDecoder
{
    private char[] chars = new char[256];

    public TextRecordDecoder(RecordFormat format, RowSchema schema)
        : base(format, schema)
    {
        if (schema.Count == 0)
            throw ConnectorOptions.Invalid("format TEXT needs at least one column");
    }

    public override string? Decode(ReadOnlySpan<byte> record, BatchBuilder builder)
    {
        if (chars.Length < record.Length)
            chars = new char[Math.Max(record.Length, chars.Length * 2)];
        var line = chars.AsSpan(0, Encoding.UTF8.GetChars(record, chars));
        int columns = Schema.Count;
        if (columns > 1)
        {
            int found = line.Count(Format.Delimiter) + 1;
            if (found != columns)
                return $"expected {columns} fields separated by '{Escape(Format.Delimiter)}', found {found}";
        }

        int row = builder.BeginRow(1);
        var rest = line;
        for (int c = 0; c < columns; c++)
        {
            int end = c == columns - 1 ? rest.Length : rest.IndexOf(Format.Delimiter);
            var field = rest[..end];
            rest = c == columns - 1 ? default : rest[(end + 1)..];
            var column = builder[c];
            if (field.IsEmpty && column.Type.Kind != TypeKind.Text)
            {
                column.SetNull(row, true);
                continue;
            }
            try
            {
                FieldReader.Write(column, row, field);
            }
            catch (Exception e) when (IsInputError(e))
            {
                builder.DropLast();
                return FieldError(c, e);
            }
        }
        return null;
    }

    private static string Escape(char c) => c == '\t' ? "\\t" : c.ToString();
}
