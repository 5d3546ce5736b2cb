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

    /// <summary>
    /// jsonb's btree order, as PostgreSQL defines it: an empty top-level array, then scalars, then
    /// non-empty arrays, then objects; between types null &lt; string &lt; number &lt; boolean &lt;
    /// array &lt; object; containers by size first, then element by element (objects key, value,
    /// key, value in storage order); numbers by value (1.0 = 1), strings by bytes.
    /// </summary>
    public static int Compare(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return 0;
        using var da = ParseDocument(a);
        using var db = ParseDocument(b);
        var x = da.RootElement;
        var y = db.RootElement;
        // A top-level scalar behaves as a one-element array flagged raw, which sorts before real arrays.
        var xArray = x.ValueKind == JsonValueKind.Array;
        var yArray = y.ValueKind == JsonValueKind.Array;
        var xScalar = x.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object);
        var yScalar = y.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object);
        if ((xArray || xScalar) && (yArray || yScalar) && (xArray || yArray))
        {
            var nx = xArray ? x.GetArrayLength() : 1;
            var ny = yArray ? y.GetArrayLength() : 1;
            if (nx != ny) return nx.CompareTo(ny);
            if (xScalar != yScalar) return xScalar ? -1 : 1;
        }
        return CompareElements(x, y);
    }

    private static int TypeRank(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => 0,
        JsonValueKind.String => 1,
        JsonValueKind.Number => 2,
        JsonValueKind.True or JsonValueKind.False => 3,
        JsonValueKind.Array => 4,
        _ => 5,
    };

    private static int CompareElements(JsonElement x, JsonElement y)
    {
        var rx = TypeRank(x.ValueKind);
        var ry = TypeRank(y.ValueKind);
        if (rx != ry) return rx.CompareTo(ry);
        switch (x.ValueKind)
        {
            case JsonValueKind.String:
                return ValueComparer.CompareText(x.GetString()!, y.GetString()!);
            case JsonValueKind.Number:
                return CompareNumbers(x.GetRawText(), y.GetRawText());
            case JsonValueKind.True or JsonValueKind.False:
                return (x.ValueKind == JsonValueKind.True).CompareTo(y.ValueKind == JsonValueKind.True);
            case JsonValueKind.Array:
            {
                var nx = x.GetArrayLength();
                var ny = y.GetArrayLength();
                if (nx != ny) return nx.CompareTo(ny);
                for (var i = 0; i < nx; i++)
                {
                    var c = CompareElements(x[i], y[i]);
                    if (c != 0) return c;
                }
                return 0;
            }
            case JsonValueKind.Object:
            {
                var px = SortedMembers(x);
                var py = SortedMembers(y);
                if (px.Count != py.Count) return px.Count.CompareTo(py.Count);
                for (var i = 0; i < px.Count; i++)
                {
                    var c = ValueComparer.CompareText(px[i].Key, py[i].Key);
                    if (c != 0) return c;
                    c = CompareElements(px[i].Value, py[i].Value);
                    if (c != 0) return c;
                }
                return 0;
            }
            default:
                return 0;
        }
    }

    private static List<KeyValuePair<string, JsonElement>> SortedMembers(JsonElement obj)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject()) members[p.Name] = p.Value;
        var list = members.ToList();
        list.Sort((a, b) => CompareKeys(a.Key, b.Key));
        return list;
    }

    private static int CompareNumbers(string a, string b)
    {
        if (decimal.TryParse(ValueParser.ToPlainDecimal(a), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(ValueParser.ToPlainDecimal(b), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y))
            return x.CompareTo(y);
        return double.Parse(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(double.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A hash consistent with <see cref="Compare"/>: numbers hash by value, so 1.0 and 1 collide as they compare equal.</summary>
    public static int GetHashCode(string json)
    {
        using var doc = ParseDocument(json);
        var hash = new HashCode();
        AddHash(ref hash, doc.RootElement);
        return hash.ToHashCode();
    }

    private static void AddHash(ref HashCode hash, JsonElement e)
    {
        hash.Add(TypeRank(e.ValueKind));
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                hash.Add(e.GetString(), StringComparer.Ordinal);
                break;
            case JsonValueKind.Number:
                var raw = ValueParser.ToPlainDecimal(e.GetRawText());
                if (decimal.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)) hash.Add(d);
                else hash.Add(double.Parse(e.GetRawText(), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                hash.Add(true);
                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray()) AddHash(ref hash, item);
                break;
            case JsonValueKind.Object:
                foreach (var p in SortedMembers(e))
                {
                    hash.Add(p.Key, StringComparer.Ordinal);
                    AddHash(ref hash, p.Value);
                }
                break;
        }
    }

    /// <summary>A JSON string literal for a SQL text value (to_jsonb of text).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        WriteString(sb, value);
        return sb.ToString();
    }
}
