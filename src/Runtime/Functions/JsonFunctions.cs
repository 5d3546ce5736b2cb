using System.Text.Json;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Functions.OperatorNames;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// jsonb navigation and inspection: <c>-&gt;</c> and <c>-&gt;&gt;</c> by key or (negative from the end)
/// index, <c>#&gt;</c> and <c>#&gt;&gt;</c> by path, jsonb_typeof, jsonb_array_length,
/// jsonb_extract_path[_text], and <c>?</c> (key exists). A missing key, an index out of range
/// or a navigation into a scalar gives NULL, as in PostgreSQL.
/// </summary>
internal static class JsonFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var jsonb = DataType.Jsonb;
        var text = DataType.Text;
        var i4 = DataType.Int32;
        var textArray = DataType.ArrayOf(text);

        b.Add(JsonField, [jsonb, text], jsonb, a => Navigate((string)a[0]!, [a[1]], asText: false));
        b.Add(JsonField, [jsonb, i4], jsonb, a => Element((string)a[0]!, (int)a[1]!, asText: false));
        b.Add(JsonFieldText, [jsonb, text], text, a => Navigate((string)a[0]!, [a[1]], asText: true));
        b.Add(JsonFieldText, [jsonb, i4], text, a => Element((string)a[0]!, (int)a[1]!, asText: true));
        b.Add(JsonPath, [jsonb, textArray], jsonb, a => Navigate((string)a[0]!, (object?[])a[1]!, asText: false));
        b.Add(JsonPathText, [jsonb, textArray], text, a => Navigate((string)a[0]!, (object?[])a[1]!, asText: true));
        b.Add("jsonb_extract_path", [jsonb, text], jsonb, a => Navigate((string)a[0]!, a[1..], asText: false), variadic: true);
        b.Add("jsonb_extract_path_text", [jsonb, text], text, a => Navigate((string)a[0]!, a[1..], asText: true), variadic: true);
        b.Add("jsonb_typeof", [jsonb], text, a => TypeOf((string)a[0]!));
        b.Add("jsonb_array_length", [jsonb], i4, a => ArrayLength((string)a[0]!));
        b.Add("?", [jsonb, text], DataType.Boolean, a => HasKey((string)a[0]!, (string)a[1]!));
    }

    /// <summary>
    /// Follows keys (strings) and indexes (ints, or strings holding ints when the current value
    /// is an array) from the root. Returns canonical jsonb text, or with <paramref name="asText"/>
    /// the unquoted text (<c>null</c> becomes SQL NULL).
    /// </summary>
    public static string? Navigate(string json, object?[] path, bool asText)
    {
        using var doc = JsonbText.ParseDocument(json);
        var current = doc.RootElement;
        foreach (var step in path)
        {
            if (step is null) return null;
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (step is not string key) return null;
                // Duplicate keys: jsonb keeps the last one.
                var found = false;
                foreach (var p in current.EnumerateObject())
                    if (p.Name == key) { current = p.Value; found = true; }
                if (!found) return null;
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                int index;
                if (step is int i) index = i;
                else if (step is string s && int.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed)) index = parsed;
                else return null;
                var length = current.GetArrayLength();
                if (index < 0) index += length;
                if (index < 0 || index >= length) return null;
                current = current[index];
            }
            else
            {
                return null;
            }
        }
        return asText ? JsonbText.ToUnquotedText(current) : JsonbText.ToText(current);
    }

    /// <summary>
    /// <c>-&gt;</c> / <c>-&gt;&gt;</c> with an index: an array element (negative from the end); a
    /// scalar counts as a one-element array (<c>'5'::jsonb -&gt; 0</c> is 5), an object has no elements.
    /// </summary>
    public static string? Element(string json, int index, bool asText)
    {
        using var doc = JsonbText.ParseDocument(json);
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object) return null;
        if (root.ValueKind != JsonValueKind.Array)
            return index is 0 or -1 ? (asText ? JsonbText.ToUnquotedText(root) : JsonbText.ToText(root)) : null;
        return Navigate(json, [index], asText);
    }

    public static string TypeOf(string json)
    {
        using var doc = JsonbText.ParseDocument(json);
        return JsonbText.TypeOf(doc.RootElement);
    }

    public static int ArrayLength(string json)
    {
        using var doc = JsonbText.ParseDocument(json);
        var root = doc.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Array => root.GetArrayLength(),
            JsonValueKind.Object => throw new SqlStateException(SqlStateException.InvalidParameterValue, "cannot get array length of a non-array"),
            _ => throw new SqlStateException(SqlStateException.InvalidParameterValue, "cannot get array length of a scalar"),
        };
    }

    private static bool HasKey(string json, string key)
    {
        using var doc = JsonbText.ParseDocument(json);
        var root = doc.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => root.TryGetProperty(key, out _),
            JsonValueKind.Array => root.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == key),
            JsonValueKind.String => root.GetString() == key,
            _ => false,
        };
    }
}
