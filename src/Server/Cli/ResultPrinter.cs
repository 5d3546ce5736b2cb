using System.Globalization;
using System.Text;
using System.Text.Json;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Cli;

/// <summary>
/// Prints statement results for <c>streamsql run</c>: as psql's aligned tables (numbers right-aligned,
/// headers centred, <c>(N rows)</c>), as CSV with a header, or as JSON lines (one object a row,
/// values as their JSON types: numbers, booleans, strings; timestamps ISO 8601).
/// </summary>
internal sealed class ResultPrinter(TextWriter output, string format, TimeZoneInfo timeZone)
{
    public void Print(StatementResult result, IReadOnlyList<object?[]> rows)
    {
        if (result.Columns is not { } columns)
        {
            if (format == "table")
                output.WriteLine(result.CommandTag);
            return;
        }

        switch (format)
        {
            case "csv":
                PrintCsv(columns, rows);
                break;
            case "json":
                PrintJson(columns, rows);
                break;
            default:
                PrintTable(columns, rows);
                break;
        }
    }

    private string? Text(object? value, DataType type) => ValueFormatter.Format(value, type, timeZone);

    /// <summary>
    /// psql's aligned format. A value with line breaks takes several lines, each line but its last
    /// marked with a <c>+</c> after its padding, as psql marks them.
    /// </summary>
    private void PrintTable(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        var cells = rows.Select(r => columns.Select((c, i) => (Text(r[i], c.Type) ?? "").Split('\n')).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Name.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Max(line => line.Length)))).ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            var pad = widths[i] - columns[i].Name.Length;
            sb.Append(i == 0 ? " " : " | ").Append(' ', pad / 2).Append(columns[i].Name).Append(' ', pad - pad / 2);
        }

        output.WriteLine(sb.Append(' ').ToString().TrimEnd());
        output.WriteLine(string.Join("+", widths.Select(w => new string('-', w + 2))));
        foreach (var row in cells)
        {
            int height = row.Max(lines => lines.Length);
            for (var line = 0; line < height; line++)
            {
                sb.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    var text = line < row[i].Length ? row[i][line] : "";
                    sb.Append(i == 0 ? " " : "| ");
                    sb.Append(columns[i].Type.IsNumber ? text.PadLeft(widths[i]) : text.PadRight(widths[i]));
                    sb.Append(line + 1 < row[i].Length ? '+' : ' ');
                }

                output.WriteLine(sb.ToString().TrimEnd());
            }
        }

        output.WriteLine(rows.Count == 1 ? "(1 row)" : $"({rows.Count} rows)");
        output.WriteLine();
    }

    private void PrintCsv(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        output.WriteLine(string.Join(',', columns.Select(c => Csv(c.Name))));
        foreach (var row in rows)
            output.WriteLine(string.Join(',', columns.Select((c, i) => Text(row[i], c.Type) is { } t ? Csv(t) : "")));
    }

    private static string Csv(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 || text.Length == 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private void PrintJson(IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows)
    {
        using var buffer = new MemoryStream();
        foreach (var row in rows)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    json.WritePropertyName(columns[i].Name);
                    WriteJsonValue(json, row[i], columns[i].Type);
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private void WriteJsonValue(Utf8JsonWriter json, object? value, DataType type)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                return;
            case bool b:
                json.WriteBooleanValue(b);
                return;
        }

        switch (type.Kind)
        {
            case TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case TypeKind.Float32 or TypeKind.Float64 when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var d && double.IsFinite(d):
                json.WriteNumberValue(d);
                return;
            case TypeKind.Numeric:
                json.WriteNumberValue((decimal)value);
                return;
            case TypeKind.Timestamp:
                json.WriteStringValue(DateTime.UnixEpoch.AddTicks((long)value * 10).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", CultureInfo.InvariantCulture));
                return;
            case TypeKind.TimestampTz:
                json.WriteStringValue(DateTime.UnixEpoch.AddTicks((long)value * 10).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture));
                return;
            case TypeKind.Jsonb:
                json.WriteRawValue((string)value);
                return;
            case TypeKind.Array when value is object?[] items && type.Element is { } element:
                json.WriteStartArray();
                foreach (var item in items)
                    WriteJsonValue(json, item, element);
                json.WriteEndArray();
                return;
            default:
                json.WriteStringValue(Text(value, type));
                return;
        }
    }
}
