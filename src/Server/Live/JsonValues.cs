using System.Globalization;
using System.Text.Json;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Live;

/// <summary>
/// Runtime values in the JSON types of their SQL types, as frames and the HTTP API carry them:
/// numbers stay numbers (non-finite floats become the strings "NaN", "Infinity", "-Infinity"),
/// timestamps are ISO 8601 (timestamptz in UTC with "Z"), dates "yyyy-mm-dd", intervals
/// PostgreSQL text, jsonb the JSON value itself, arrays JSON arrays. Only plain CLR values come
/// out (no JsonElement), so the MessagePack protocol can serialize them too.
/// </summary>
public static class JsonValues
{
    public static object?[] Row(object?[] values, IReadOnlyList<DataType> types, int offset = 0)
    {
        var row = new object?[types.Count];
        for (var i = 0; i < row.Length; i++)
            row[i] = Value(values[offset + i], types[i]);
        return row;
    }

    public static object? Value(object? value, DataType type)
    {
        if (value is null)
            return null;
        return type.Kind switch
        {
            TypeKind.Float32 => Float((float)value),
            TypeKind.Float64 => Float((double)value),
            TypeKind.Timestamp => Iso(ValueFormatter.FormatTimestamp((long)value), ""),
            TypeKind.TimestampTz => Iso(ValueFormatter.FormatTimestampTz((long)value, TimeZoneInfo.Utc), "Z"),
            TypeKind.Date => ValueFormatter.FormatDate((int)value),
            TypeKind.Interval => ValueFormatter.FormatInterval((Interval)value),
            TypeKind.Jsonb => Json((string)value),
            TypeKind.Array => Array((object?[])value, type.Element ?? DataType.Text),
            _ => value,
        };
    }

    private static object Float(double value) =>
        double.IsFinite(value) ? value : double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    private static object Float(float value) => float.IsFinite(value) ? value : Float((double)value);

    /// <summary>"2024-01-01 10:00:00.5" becomes "2024-01-01T10:00:00.5"; infinities and BC dates stay PostgreSQL text.</summary>
    private static string Iso(string text, string zone)
    {
        if (text.Length < 19 || text[10] != ' ' || text.EndsWith(" BC", StringComparison.Ordinal))
            return text;
        if (zone.Length > 0 && text.EndsWith("+00", StringComparison.Ordinal))
            text = text[..^3];
        return string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11), zone);
    }

    private static object?[] Array(object?[] values, DataType element)
    {
        var result = new object?[values.Length];
        for (var i = 0; i < values.Length; i++)
            result[i] = Value(values[i], element);
        return result;
    }

    private static object? Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return Plain(document.RootElement);
    }

    private static object? Plain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(Plain).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? l : element.TryGetDecimal(out var d) ? d : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
