using System.Text;
using System.Text.Json;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// One JSON object per record. Fields are matched to columns by name (exactly, else ignoring
/// case; an exact match is never overridden by a case-insensitive one); missing fields and JSON
/// <c>null</c> are NULL; fields without a column are ignored. Each value becomes the column's type
/// through PostgreSQL's text input: a string's contents or a number's literal text is read as that
/// type (so a timestamp is a string in any form PostgreSQL accepts), <c>true</c>/<c>false</c> are
/// booleans; objects and arrays go to <c>jsonb</c> (canonical text) or <c>text</c> columns, and
/// arrays to array columns element by element. Anything else is a clear per-column error.
/// </summary>
public sealed class JsonRecordDecoder : RecordDecoder
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly byte[][] utf8Names;
    /// <summary>Per column for the current record: 0 unset, 1 set by a case-insensitive match, 2 set by an exact match.</summary>
    private readonly byte[] matched;
    private char[] chars = new char[256];

    public JsonRecordDecoder(RecordFormat format, RowSchema schema)
        : base(format, schema)
    {
        utf8Names = [.. schema.Fields.Select(f => Encoding.UTF8.GetBytes(f.Name))];
        matched = new byte[schema.Count];
    }

    public override string? Decode(ReadOnlySpan<byte> record, BatchBuilder builder)
    {
        var reader = new Utf8JsonReader(record, ReaderOptions);
        int row = builder.BeginRow(1);
        Array.Clear(matched);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Fail(builder, $"expected a JSON object, found {Describe(reader.TokenType)}");
            int property = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int column = FindColumn(ref reader, property++, out bool exact);
                reader.Read();
                if (column < 0 || (!exact && matched[column] == 2))
                {
                    reader.Skip();
                    continue;
                }
                matched[column] = exact ? (byte)2 : (byte)1;
                if (WriteValue(ref reader, record, builder[column], row) is { } typeError)
                    return Fail(builder, $"column \"{Schema[column].Name}\": {typeError}");
            }
            // Reading past the object makes the reader reject anything but white space after it.
            reader.Read();
        }
        catch (JsonException e)
        {
            return Fail(builder, $"invalid JSON at byte {e.BytePositionInLine ?? 0}");
        }
        for (int c = 0; c < matched.Length; c++)
            if (matched[c] == 0)
                builder[c].SetNull(row, true);
        return null;
    }

    private static string? Fail(BatchBuilder builder, string error)
    {
        builder.DropLast();
        return error;
    }

    /// <summary>The column of the current property name: the property's own position first (fields usually come in schema order), then an exact search, then ignoring case.</summary>
    private int FindColumn(ref Utf8JsonReader reader, int property, out bool exact)
    {
        exact = true;
        if (property < utf8Names.Length && reader.ValueTextEquals(utf8Names[property]))
            return property;
        for (int c = 0; c < utf8Names.Length; c++)
            if (reader.ValueTextEquals(utf8Names[c]))
                return c;
        exact = false;
        int length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (chars.Length < length)
            chars = new char[Math.Max(length, chars.Length * 2)];
        var name = chars.AsSpan(0, reader.CopyString(chars));
        for (int c = 0; c < utf8Names.Length; c++)
            if (name.Equals(Schema[c].Name, StringComparison.OrdinalIgnoreCase))
                return c;
        return -1;
    }

    /// <summary>Writes the value under the reader into <paramref name="column"/>; returns an error for a JSON kind the type cannot take.</summary>
    private string? WriteValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> record, Column column, int row)
    {
        var kind = column.Type.Kind;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                column.SetNull(row, true);
                return null;
            case JsonTokenType.String:
                if (kind == TypeKind.Text)
                {
                    ((Column<string?>)column).Set(row, reader.GetString());
                    return null;
                }
                if (kind == TypeKind.Jsonb)
                {
                    ((Column<string?>)column).Set(row, JsonbText.Quote(reader.GetString()!));
                    return null;
                }
                int length = reader.ValueSpan.Length;
                if (chars.Length < length)
                    chars = new char[Math.Max(length, chars.Length * 2)];
                int n = reader.CopyString(chars);
                return WriteText(column, row, chars.AsSpan(0, n));
            case JsonTokenType.Number:
            {
                var raw = reader.ValueSpan;
                if (kind == TypeKind.Text)
                {
                    ((Column<string?>)column).Set(row, Encoding.UTF8.GetString(raw));
                    return null;
                }
                if (kind == TypeKind.Jsonb)
                {
                    ((Column<string?>)column).Set(row, JsonbText.NormalizeNumber(Encoding.UTF8.GetString(raw)));
                    return null;
                }
                // A JSON number is ASCII: widen it into the scratch buffer rather than allocate a string.
                if (chars.Length < raw.Length)
                    chars = new char[Math.Max(raw.Length, chars.Length * 2)];
                for (int i = 0; i < raw.Length; i++)
                    chars[i] = (char)raw[i];
                return WriteText(column, row, chars.AsSpan(0, raw.Length));
            }
            case JsonTokenType.True or JsonTokenType.False:
            {
                bool value = reader.TokenType == JsonTokenType.True;
                if (kind == TypeKind.Boolean)
                {
                    ((Column<bool>)column).Set(row, value);
                    return null;
                }
                if (kind is TypeKind.Text or TypeKind.Jsonb)
                {
                    ((Column<string?>)column).Set(row, value ? "true" : "false");
                    return null;
                }
                return WriteText(column, row, value ? "true" : "false");
            }
            default:
            {
                bool isArray = reader.TokenType == JsonTokenType.StartArray;
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                var json = Encoding.UTF8.GetString(record[start..(int)reader.BytesConsumed]);
                if (kind is TypeKind.Text or TypeKind.Jsonb)
                {
                    ((Column<string?>)column).Set(row, JsonbText.Canonicalize(json));
                    return null;
                }
                if (isArray && kind == TypeKind.Array)
                {
                    using var document = JsonDocument.Parse(json);
                    try
                    {
                        column.SetValue(row, ToArray(document.RootElement, column.Type.Element ?? DataType.Text));
                        return null;
                    }
                    catch (Exception e) when (IsInputError(e))
                    {
                        return e.Message;
                    }
                }
                return $"expected {column.Type}, found a JSON {(isArray ? "array" : "object")}";
            }
        }

        string? WriteText(Column target, int at, ReadOnlySpan<char> text)
        {
            try
            {
                FieldReader.Write(target, at, text);
                return null;
            }
            catch (Exception e) when (IsInputError(e))
            {
                return e.Message;
            }
        }
    }

    /// <summary>A JSON array as an array value: elements converted by the same rules as fields (slow path).</summary>
    private static object?[] ToArray(JsonElement array, DataType element)
    {
        var items = new object?[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[i++] = item.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Array when element.Kind == TypeKind.Array => ToArray(item, element.Element ?? DataType.Text),
                JsonValueKind.String => ValueParser.Parse(item.GetString()!, element),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.Kind == TypeKind.Jsonb
                    ? JsonbText.ToText(item) : ValueParser.Parse(item.GetRawText(), element),
                _ => element.Kind is TypeKind.Jsonb or TypeKind.Text
                    ? JsonbText.ToText(item)
                    : throw new SqlStateException(SqlStateException.InvalidTextRepresentationState, $"expected {element} array elements, found a JSON {(item.ValueKind == JsonValueKind.Array ? "array" : "object")}"),
            };
        }
        return items;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.None => "nothing",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
