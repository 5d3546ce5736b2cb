namespace StreamSql.Server.Engine;

/// <summary>
/// A session's run-time settings (SET / SHOW), with PostgreSQL's names and defaults where clients
/// read them, and StreamSql's own. Names are case-insensitive; RisingWave's aliases are accepted.
/// </summary>
public sealed class SessionSettings
{
    /// <summary>Every known setting with its default and whether clients are told of changes (ParameterStatus).</summary>
    private static readonly (string Name, string Default, bool Reported, bool ReadOnly)[] Known =
    [
        ("implicit_flush", "on", false, false),
        ("streaming_parallelism", "0", false, false),
        ("subscription_retention", "10min", false, false),
        ("server_version", "15.0", true, true),
        ("server_version_num", "150000", false, true),
        ("server_encoding", "UTF8", true, true),
        ("client_encoding", "UTF8", true, false),
        ("DateStyle", "ISO, MDY", true, false),
        ("IntervalStyle", "postgres", true, false),
        ("TimeZone", "UTC", true, false),
        ("integer_datetimes", "on", true, true),
        ("standard_conforming_strings", "on", true, false),
        ("application_name", "", true, false),
        ("is_superuser", "on", true, true),
        ("session_authorization", "streamsql", true, true),
        ("search_path", "\"$user\", public", false, false),
        ("extra_float_digits", "1", false, false),
        ("statement_timeout", "0", false, false),
        ("lock_timeout", "0", false, false),
        ("idle_in_transaction_session_timeout", "0", false, false),
        ("client_min_messages", "notice", false, false),
        ("transaction_isolation", "read committed", false, false),
        ("default_transaction_isolation", "read committed", false, false),
        ("default_transaction_read_only", "off", false, false),
        ("bytea_output", "hex", false, false),
        ("max_identifier_length", "63", false, true),
        ("lc_messages", "C", false, false),
        ("lc_monetary", "C", false, false),
        ("lc_numeric", "C", false, false),
        ("lc_time", "C", false, false),
        ("max_rows_per_epoch", "100000", false, false),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rw_implicit_flush"] = "implicit_flush",
        ["time zone"] = "TimeZone",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public SessionSettings(string user, IReadOnlyDictionary<string, string>? startup = null)
    {
        foreach (var k in Known)
            _values[k.Name] = k.Default;
        _values["session_authorization"] = user;
        if (startup is null)
            return;
        foreach (var (name, value) in startup)
        {
            if (Canonical(name) is { } known && !IsReadOnly(known))
                _values[known] = value;
        }
    }

    public bool ImplicitFlush => IsOn(Get("implicit_flush"));

    public string TimeZoneName => Get("TimeZone");

    public TimeZoneInfo TimeZone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneName, out var tz) ? tz : TimeZoneInfo.Utc;

    public string Get(string name) => _values.TryGetValue(Canonical(name) ?? name, out var v) ? v : "";

    /// <summary>The canonical spelling of a known setting, or null when unknown.</summary>
    public static string? Canonical(string name)
    {
        if (Aliases.TryGetValue(name, out var alias))
            return alias;
        foreach (var k in Known)
        {
            if (k.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return k.Name;
        }

        return name.Contains('.') ? name : null;
    }

    /// <summary>Sets a value (null: back to the default). Returns the canonical name when clients must be told of it.</summary>
    public string? Set(string name, string? value)
    {
        var canonical = Canonical(name)
            ?? throw new Runtime.SqlStateException("42704", $"unrecognized configuration parameter \"{name}\"");
        if (IsReadOnly(canonical))
            throw new Runtime.SqlStateException("55P02", $"parameter \"{canonical}\" cannot be changed");
        if (canonical == "TimeZone" && value is not null && !value.Equals("UTC", StringComparison.OrdinalIgnoreCase) &&
            !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
            throw new Runtime.SqlStateException("22023", $"invalid value for parameter \"TimeZone\": \"{value}\"");
        if (canonical == "implicit_flush" && value is not null && !IsBoolean(value))
            throw new Runtime.SqlStateException("22023", $"parameter \"implicit_flush\" requires a Boolean value, not \"{value}\"");
        _values[canonical] = value ?? Known.FirstOrDefault(k => k.Name == canonical).Default ?? "";
        return Known.Any(k => k.Name == canonical && k.Reported) ? canonical : null;
    }

    /// <summary>Settings clients are told of at startup (ParameterStatus).</summary>
    public IReadOnlyDictionary<string, string> Reported =>
        Known.Where(k => k.Reported).ToDictionary(k => k.Name, k => _values[k.Name]);

    /// <summary>Every setting, for SHOW ALL.</summary>
    public IEnumerable<(string Name, string Value)> All =>
        _values.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => (kv.Key, kv.Value));

    private static bool IsReadOnly(string canonical) => Known.Any(k => k.Name == canonical && k.ReadOnly);

    private static bool IsOn(string value) => value.ToLowerInvariant() is "on" or "true" or "1" or "yes" or "t";

    private static bool IsBoolean(string value) =>
        value.ToLowerInvariant() is "on" or "off" or "true" or "false" or "1" or "0" or "yes" or "no" or "t" or "f";
}
