namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// A checked <c>FORMAT</c> clause. <list type="bullet">
/// <item><c>JSON</c>: no options.</item>
/// <item><c>CSV</c>: <c>header</c> (default false: when true the first line of each file, or of each
/// socket connection, is skipped when reading and written first in each part file when writing) and
/// <c>delimiter</c> (one ASCII character other than a quote or a line break, default <c>,</c>).</item>
/// <item><c>TEXT</c>: <c>delimiter</c> (one ASCII character other than a line break, default a tab;
/// <c>'\t'</c> spells a tab). A one-column schema takes the whole line; a wider one splits each
/// line into exactly as many fields (<c>delimiter = ':'</c> reads <c>x:y:z</c> lines into three
/// typed columns, as <c>FORMAT CSV (delimiter = ':')</c> does with quoting).</item>
/// </list>
/// </summary>
public sealed record RecordFormat(RecordFormatKind Kind, bool Header, char Delimiter)
{
    public static readonly RecordFormat Json = new(RecordFormatKind.Json, false, ',');

    public static readonly RecordFormat Csv = new(RecordFormatKind.Csv, false, ',');

    public static readonly RecordFormat Text = new(RecordFormatKind.Text, false, '\t');

    public static readonly IReadOnlyList<string> CsvOptions = ["header", "delimiter"];

    public static readonly IReadOnlyList<string> TextOptions = ["delimiter"];

    /// <summary>The upper-case name, as in <c>FORMAT CSV</c>.</summary>
    public string Name => Kind switch
    {
        RecordFormatKind.Json => "JSON",
        RecordFormatKind.Csv => "CSV",
        _ => "TEXT",
    };

    /// <summary>
    /// Checks a format name (case-insensitive; null or empty means <paramref name="fallback"/>, JSON
    /// unless given) and its options (keys case-insensitive). Unknown formats, unknown options and
    /// bad values are 22023 errors.
    /// </summary>
    public static RecordFormat Parse(string? name, IReadOnlyDictionary<string, string>? options, RecordFormat? fallback = null)
    {
        var format = (name ?? "").Trim().ToUpperInvariant() switch
        {
            "" => fallback ?? Json,
            "JSON" => Json,
            "CSV" => Csv,
            "TEXT" => Text,
            _ => throw ConnectorOptions.Invalid($"unknown format '{name}'; valid formats: JSON, CSV, TEXT"),
        };
        if (options is null)
            return format;
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            var owner = "format " + format.Name;
            switch (format.Kind, key)
            {
                case (RecordFormatKind.Csv, "header"):
                    format = format with { Header = ConnectorOptions.ParseBoolean(value, key, owner) };
                    break;
                case (RecordFormatKind.Csv or RecordFormatKind.Text, "delimiter"):
                    format = format with { Delimiter = ParseDelimiter(value, format.Kind, owner) };
                    break;
                case (RecordFormatKind.Json, _):
                    throw ConnectorOptions.Invalid($"unknown option '{rawKey}' for format JSON; format JSON takes no options");
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, format.Kind == RecordFormatKind.Csv ? CsvOptions : TextOptions);
            }
        }
        return format;
    }

    private static char ParseDelimiter(string value, RecordFormatKind kind, string owner)
    {
        var text = value == "\\t" ? "\t" : value;
        // Framing works on UTF-8 bytes, so the delimiter must be a single-byte (ASCII) character.
        if (text.Length == 1 && text[0] < 128 && text[0] is not ('\n' or '\r') && !(kind == RecordFormatKind.Csv && text[0] == '"'))
            return text[0];
        var what = kind == RecordFormatKind.Csv
            ? "a single ASCII character other than a double quote or a line break"
            : "a single ASCII character other than a line break";
        throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'delimiter' of {owner}; expected {what}");
    }
}
