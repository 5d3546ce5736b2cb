using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// RFC 4180 lines of PostgreSQL text values: NULL is an empty unquoted field, the empty string is
/// <c>""</c>, and a value containing the delimiter, a quote or a line break is quoted with inner
/// quotes doubled (what <see cref="CsvRecordDecoder"/> reads back). Booleans are <c>t</c>/<c>f</c>.
/// </summary>
public sealed class CsvRecordEncoder : RecordEncoder
{
    public CsvRecordEncoder(RecordFormat format, RowSchema schema, bool withDiff)
        : base(format, schema, withDiff)
    {
    }

    public override void WriteHeader(TextWriter writer)
    {
        if (!Format.Header)
            return;
        for (int c = 0; c < Schema.Count; c++)
        {
            if (c > 0)
                writer.Write(Format.Delimiter);
            WriteField(writer, Schema[c].Name);
        }
        if (WithDiff)
        {
            writer.Write(Format.Delimiter);
            writer.Write(DiffField);
        }
        writer.Write('\n');
    }

    public override void Write(TextWriter writer, Batch batch, int row, int weight)
    {
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            if (c > 0)
                writer.Write(Format.Delimiter);
            var column = batch.Columns[c];
            if (column.IsNull(row))
                continue;
            switch (column.Type.Kind)
            {
                case TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Boolean:
                    WriteText(writer, column, row);
                    break;
                case TypeKind.Text or TypeKind.Jsonb:
                    WriteField(writer, ((Column<string?>)column).Values[row]!);
                    break;
                default:
                    WriteField(writer, ValueFormatter.Format(column.GetValue(row), column.Type)!);
                    break;
            }
        }
        if (WithDiff)
        {
            writer.Write(Format.Delimiter);
            WriteFormattable(writer, weight);
        }
        writer.Write('\n');
    }

    private void WriteField(TextWriter writer, string value)
    {
        if (value.Length > 0 && value.AsSpan().IndexOfAny(Format.Delimiter, '"', '\n') < 0 && value.IndexOf('\r') < 0)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        var rest = value.AsSpan();
        int quote;
        while ((quote = rest.IndexOf('"')) >= 0)
        {
            writer.Write(rest[..(quote + 1)]);
            writer.Write('"');
            rest = rest[(quote + 1)..];
        }
        writer.Write(rest);
        writer.Write('"');
    }
}
