using System.Text;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// One JSON object per line, keys in column order. Values as PostgreSQL's <c>to_json</c> writes
/// them: numbers and booleans as JSON numbers and booleans (NaN and infinities as strings),
/// jsonb as embedded JSON, arrays as JSON arrays, timestamps as ISO 8601 strings
/// (<c>"2024-01-01T10:00:00"</c>, timestamptz in UTC as <c>"2024-01-01T10:00:00+00:00"</c>),
/// dates and intervals as their text, NULL as <c>null</c>.
/// </summary>
public sealed class JsonRecordEncoder : RecordEncoder
{
    private readonly string[] keys;
    private readonly StringBuilder scratch = new();

    public JsonRecordEncoder(RecordFormat format, RowSchema schema, bool withDiff)
        : base(format, schema, withDiff)
    {
        keys = [.. schema.Fields.Select(f => JsonbText.Quote(f.Name) + ":")];
    }

    public override void Write(TextWriter writer, Batch batch, int row, int weight)
    {
        writer.Write('{');
        for (int c = 0; c < batch.ColumnCount; c++)
        {
            if (c > 0)
                writer.Write(',');
            writer.Write(keys[c]);
            var column = batch.Columns[c];
            if (column.IsNull(row))
            {
                writer.Write("null");
                continue;
            }
            switch (column.Type.Kind)
            {
                case TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Jsonb:
                    WriteText(writer, column, row);
                    break;
                case TypeKind.Boolean:
                    writer.Write(((Column<bool>)column).Values[row] ? "true" : "false");
                    break;
                case TypeKind.Text:
                    WriteString(writer, ((Column<string?>)column).Values[row]!);
                    break;
                default:
                    WriteValue(writer, column.GetValue(row), column.Type);
                    break;
            }
        }
        if (WithDiff)
        {
            writer.Write(",\"" + DiffField + "\":");
            WriteFormattable(writer, weight);
        }
        writer.Write("}\n");
    }

    private void WriteValue(TextWriter writer, object? value, DataType type)
    {
        if (value is null)
        {
            writer.Write("null");
            return;
        }
        switch (type.Kind)
        {
            case TypeKind.Boolean:
                writer.Write((bool)value ? "true" : "false");
                return;
            case TypeKind.Float32 or TypeKind.Float64:
                var number = ValueFormatter.Format(value, type)!;
                if (number is "NaN" or "Infinity" or "-Infinity")
                    WriteString(writer, number);
                else
                    writer.Write(number);
                return;
            case TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Numeric or TypeKind.Jsonb:
                writer.Write(ValueFormatter.Format(value, type));
                return;
            case TypeKind.Timestamp:
                WriteString(writer, IsoTimestamp(ValueFormatter.FormatTimestamp((long)value), zone: false));
                return;
            case TypeKind.TimestampTz:
                WriteString(writer, IsoTimestamp(ValueFormatter.FormatTimestampTz((long)value, TimeZoneInfo.Utc), zone: true));
                return;
            case TypeKind.Array:
                var items = (object?[])value;
                writer.Write('[');
                for (int i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                        writer.Write(',');
                    WriteValue(writer, items[i], type.Element ?? DataType.Text);
                }
                writer.Write(']');
                return;
            default:
                WriteString(writer, ValueFormatter.Format(value, type)!);
                return;
        }
    }

    /// <summary>PostgreSQL text <c>2024-01-01 10:00:00+00</c> as ISO 8601 <c>2024-01-01T10:00:00+00:00</c>; infinities stay words.</summary>
    private static string IsoTimestamp(string text, bool zone)
    {
        if (text.Length < 19 || text[10] != ' ')
            return text;
        var iso = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
        if (zone && iso.Length >= 3 && iso[^3] is '+' or '-' && char.IsAsciiDigit(iso[^1]))
            iso += ":00";
        return iso;
    }

    private void WriteString(TextWriter writer, string value)
    {
        // Plain strings (the common case) go out without a copy.
        bool plain = true;
        foreach (var ch in value)
            if (ch < ' ' || ch is '"' or '\\')
            {
                plain = false;
                break;
            }
        if (plain)
        {
            writer.Write('"');
            writer.Write(value);
            writer.Write('"');
            return;
        }
        scratch.Clear();
        JsonbText.WriteString(scratch, value);
        writer.Write(scratch);
    }
}
