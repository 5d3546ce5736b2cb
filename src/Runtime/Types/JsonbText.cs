using System.Text;
using System.Text.Json;

namespace StreamSql.Runtime.Types;

/// <summary>
/// jsonb values are kept as their canonical text (see <see cref="TypeKind.Jsonb"/>): what
/// PostgreSQL prints for jsonb. Objects list keys by length, then by bytes, last duplicate
/// wins, with <c>": "</c> and <c>", "</c> separators; numbers are normalised as numeric
/// (<c>1e2</c> is <c>100</c>, <c>2.0</c> stays <c>2.0</c>); strings keep non-ASCII characters
/// and escape only what JSON requires.
/// </summary>
public static class JsonbText
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 1000 };

    /// <summary>The canonical text of JSON input; 22P02 "invalid input syntax for type json" on bad input.</summary>
    public static string Canonicalize(string json)
    {
        using var doc = ParseDocument(json);
        var sb = new StringBuilder(json.Length);
        Write(sb, doc.RootElement);
        return sb.ToString();
    }

    /// <summary>Parses canonical or user JSON text; 22P02 on bad input. The caller disposes the document.</summary>
    public static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new SqlStateException(SqlStateException.InvalidTextRepresentationState, "invalid input syntax for type json", e.Message.Split(" Path:")[0]);
        }
    }

    /// <summary>The canonical text of one element.</summary>
    public static string ToText(JsonElement element)
    {
        var sb = new StringBuilder();
        Write(sb, element);
        return sb.ToString();
    }

    /// <summary>
    /// The text <c>->></c> returns: strings unquoted and unescaped, <c>null</c> as SQL NULL,
    /// everything else as canonical jsonb text.
    /// </summary>
    public static string? ToUnquotedText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null => null,
        _ => ToText(element),
    };

    /// <summary><c>jsonb_typeof</c>: object, array, string, number, boolean or null.</summary>
    public static string TypeOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    public static void Write(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                // Last duplicate wins, then jsonb's key order: shorter keys first, equal lengths by UTF-8 bytes.
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in element.EnumerateObject()) members[p.Name] = p.Value;
                var keys = members.Keys.ToArray();
                Array.Sort(keys, CompareKeys);
                sb.Append('{');
                for (var i = 0; i < keys.Length; i++)
                {
                    if (i > 0) sb.Append(", ");
                    WriteString(sb, keys[i]);
                    sb.Append(": ");
                    Write(sb, members[keys[i]]);
                }
                sb.Append('}');
                break;
            }
            case JsonValueKind.Array:
            {
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    Write(sb, item);
                }
                sb.Append(']');
                break;
            }
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(NormalizeNumber(element.GetRawText()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>jsonb's key order: by UTF-8 length, then bytewise.</summary>
    public static int CompareKeys(string a, string b)
    {
        var la = Encoding.UTF8.GetByteCount(a);
        var lb = Encoding.UTF8.GetByteCount(b);
        if (la != lb) return la.CompareTo(lb);
        return ValueComparer.CompareText(a, b);
    }

    /// <summary>A JSON number as PostgreSQL's numeric prints it.</summary>
    public static string NormalizeNumber(string raw)
    {
        var plain = ValueParser.ToPlainDecimal(raw);
        var negative = plain[0] == '-';
        var body = negative ? plain[1..] : plain;
        var point = body.IndexOf('.');
        var whole = (point >= 0 ? body[..point] : body).TrimStart('0');
        if (whole.Length == 0) whole = "0";
        var result = point >= 0 ? whole + body[point..] : whole;
        var isZero = result.All(c => c is '0' or '.');
        return negative && !isZero ? "-" + result : result;
    }

    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>A JSON string literal for a SQL text value (to_jsonb of text).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        WriteString(sb, value);
        return sb.ToString();
    }
}
