namespace StreamSql.Server.Engine;

/// <summary>
/// A session's run-time settings (SET / SHOW), with PostgreSQL's names and defaults where clients
/// read them, and StreamSql's own. Names are case-insensitive; RisingWave's aliases are accepted.
/// </summary>
public sealed class SessionSettings
{
    /// <summary>
    /// Every known setting with its default, whether clients are told of changes (ParameterStatus),
    /// whether it is read-only, and its SHOW ALL description (PostgreSQL's where it is one of its).
    /// </summary>
    private static readonly (string Name, string Default, bool Reported, bool ReadOnly, string Description)[] Known =
    [
        ("implicit_flush", "on", false, false, "Runs an epoch after each write, so the next statement sees it in every view."),
        ("streaming_parallelism", "0", false, false, "Accepted for RisingWave scripts; each view's dataflow runs on the epoch thread."),
        ("subscription_retention", "10min", false, false, "How long a view keeps the committed changes of this session's subscriptions, for resuming with SINCE."),
        ("server_version", "15.0", true, true, "Shows the server version."),
        ("server_version_num", "150000", false, true, "Shows the server version as an integer."),
        ("server_encoding", "UTF8", true, true, "Shows the server (database) character set encoding."),
        ("client_encoding", "UTF8", true, false, "Sets the client's character set encoding."),
        ("DateStyle", "ISO, MDY", true, false, "Sets the display format for date and time values."),
        ("IntervalStyle", "postgres", true, false, "Sets the display format for interval values."),
        ("TimeZone", "UTC", true, false, "Sets the time zone for displaying and interpreting time stamps."),
        ("integer_datetimes", "on", true, true, "Shows whether datetimes are integer based."),
        ("standard_conforming_strings", "on", true, false, "Causes '...' strings to treat backslashes literally."),
        ("application_name", "", true, false, "Sets the application name to be reported in statistics and logs."),
        ("is_superuser", "on", true, true, "Shows whether the current user is a superuser."),
        ("session_authorization", "streamsql", true, true, "Sets the session user name."),
        ("search_path", "\"$user\", public", false, false, "Sets the schema search order for names that are not schema-qualified."),
        ("extra_float_digits", "1", false, false, "Sets the number of digits displayed for floating-point values."),
        ("statement_timeout", "0", false, false, "Sets the maximum allowed duration of any statement."),
        ("lock_timeout", "0", false, false, "Sets the maximum allowed duration of any wait for a lock."),
        ("idle_in_transaction_session_timeout", "0", false, false, "Sets the maximum allowed idle time between queries, when in a transaction."),
        ("client_min_messages", "notice", false, false, "Sets the message levels that are sent to the client."),
        ("transaction_isolation", "read committed", false, false, "Sets the current transaction's isolation level."),
        ("default_transaction_isolation", "read committed", false, false, "Sets the transaction isolation level of each new transaction."),
        ("default_transaction_read_only", "off", false, false, "Sets the default read-only status of new transactions."),
        ("bytea_output", "hex", false, false, "Sets the output format for bytea."),
        ("max_identifier_length", "63", false, true, "Shows the maximum identifier length."),
        ("lc_messages", "C", false, false, "Sets the language in which messages are displayed."),
        ("lc_monetary", "C", false, false, "Sets the locale for formatting monetary amounts."),
        ("lc_numeric", "C", false, false, "Sets the locale for formatting numbers."),
        ("lc_time", "C", false, false, "Sets the locale for formatting date and time values."),
        ("max_rows_per_epoch", "100000", false, true, "Shows the largest number of rows of all sources in one epoch (a source sets its own in WITH)."),
    ];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rw_implicit_flush"] = "implicit_flush",
        ["time zone"] = "TimeZone",
    };

    // Settings whose value the server's options decide, and that a session cannot change.
    private static readonly HashSet<string> ServerSettings = new(StringComparer.OrdinalIgnoreCase) { "max_rows_per_epoch" };

    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _defaults = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="serverDefaults">Defaults that come from the server's options (by canonical name), over the built-in ones.</param>
    public SessionSettings(string user, IReadOnlyDictionary<string, string>? startup = null, IReadOnlyDictionary<string, string>? serverDefaults = null)
    {
        foreach (var k in Known)
            _defaults[k.Name] = serverDefaults?.GetValueOrDefault(k.Name) ?? k.Default;
        foreach (var (name, value) in _defaults)
            _values[name] = value;
        _values["session_authorization"] = user;
        if (startup is null)
            return;
        // A startup parameter the server cannot honour keeps the default rather than refusing the
        // connection (clients send DateStyle, TimeZone and the like before any query).
        foreach (var (name, value) in startup)
        {
            if (Canonical(name) is { } known && !IsReadOnly(known))
            {
                try
                {
                    _values[known] = Validate(known, value);
                }
                catch (Runtime.SqlStateException)
                {
                }
            }
        }
    }

    public bool ImplicitFlush => IsOn(Get("implicit_flush"));

    /// <summary>How long a view keeps the changes of this session's subscriptions (<c>subscription_retention</c>).</summary>
    public TimeSpan SubscriptionRetention =>
        Runtime.Types.IntervalParser.TryParse(Get("subscription_retention"), null, out var retention)
            ? TimeSpan.FromTicks((long)Int128.Min(retention.NormalizedMicros, long.MaxValue / 10) * 10)
            : TimeSpan.Zero;

    /// <summary>A retention as PostgreSQL shows a time setting: <c>10min</c>, <c>90s</c>, <c>1h</c>, <c>250ms</c>.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? $"{(long)duration.TotalHours}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)duration.TotalMinutes}min"
        : duration.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)duration.TotalSeconds}s"
        : $"{(long)duration.TotalMilliseconds}ms";

    public string TimeZoneName => Get("TimeZone");

    public TimeZoneInfo TimeZone =>
        TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneName, out var tz) ? tz : TimeZoneInfo.Utc;

    public string Get(string name) => _values.TryGetValue(Canonical(name) ?? name, out var v) ? v : "";

    /// <summary>SHOW name: the value of a known setting (or a custom <c>a.b</c> one that was set); 42704 otherwise.</summary>
    public string Show(string name)
    {
        var canonical = Canonical(name);
        return canonical is not null && _values.TryGetValue(canonical, out var v) ? v
            : throw new Runtime.SqlStateException("42704", $"unrecognized configuration parameter \"{name}\"");
    }

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
        if (ServerSettings.Contains(canonical))
            throw new Runtime.SqlStateException("55P02", $"parameter \"{canonical}\" cannot be changed without restarting the server",
                hint: canonical == "max_rows_per_epoch" ? "a source takes its own limit: WITH (max_rows_per_epoch = n)" : null);
        if (IsReadOnly(canonical))
            throw new Runtime.SqlStateException("55P02", $"parameter \"{canonical}\" cannot be changed");
        _values[canonical] = value is null ? _defaults.GetValueOrDefault(canonical) ?? "" : Validate(canonical, value);
        return Known.Any(k => k.Name == canonical && k.Reported) ? canonical : null;
    }

    /// <summary>Settings clients are told of at startup (ParameterStatus).</summary>
    public IReadOnlyDictionary<string, string> Reported =>
        Known.Where(k => k.Reported).ToDictionary(k => k.Name, k => _values[k.Name]);

    /// <summary>Every setting with its description, for SHOW ALL.</summary>
    public IEnumerable<(string Name, string Value, string Description)> All =>
        _values.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .Select(kv => (kv.Key, kv.Value, Known.FirstOrDefault(k => k.Name == kv.Key).Description ?? ""));

    /// <summary>
    /// The value to keep for a setting the server acts on or whose output it fixes, or 22023 (a
    /// value PostgreSQL would refuse too) / 0A000 (one PostgreSQL supports and StreamSql does not).
    /// Settings clients set only to be told they are set take any value.
    /// </summary>
    private static string Validate(string canonical, string value)
    {
        switch (canonical)
        {
            case "statement_timeout":
                return FormatMilliseconds(Milliseconds(canonical, value));
            case "TimeZone":
                if (!value.Equals("UTC", StringComparison.OrdinalIgnoreCase) && !TimeZoneInfo.TryFindSystemTimeZoneById(value, out _))
                    throw InvalidValue(canonical, value);
                return value;
            case "implicit_flush":
                if (!IsBoolean(value))
                    throw new Runtime.SqlStateException("22023", $"parameter \"implicit_flush\" requires a Boolean value, not \"{value}\"");
                // Shown as PostgreSQL shows a boolean setting, whatever spelling set it.
                return IsOn(value) ? "on" : "off";
            case "subscription_retention":
                if (!Runtime.Types.IntervalParser.TryParse(value, null, out var retention) || retention.NormalizedMicros < 0)
                    throw InvalidValue(canonical, value, hint: "expected a non-negative interval, such as '10min' or '1 hour'");
                return value;
            case "streaming_parallelism":
                return Integer(canonical, value, 0, 1024);
            case "extra_float_digits":
                return Integer(canonical, value, -15, 3);
            case "DateStyle":
                return DateStyle(value);
            case "IntervalStyle":
                var style = value.Trim().ToLowerInvariant();
                if (style == "postgres")
                    return "postgres";
                if (style is "postgres_verbose" or "sql_standard" or "iso_8601")
                    throw new Runtime.SqlStateException("0A000", $"IntervalStyle \"{value}\" is not supported",
                        hint: "StreamSql outputs intervals in IntervalStyle postgres only");
                throw InvalidValue(canonical, value, hint: "Available values: postgres, postgres_verbose, sql_standard, iso_8601.");
            default:
                return value;
        }
    }

    /// <summary>
    /// DateStyle: PostgreSQL's output keywords (ISO, SQL, Postgres, German) and input orders (MDY,
    /// DMY, YMD and their old names), in any order. StreamSql writes ISO and reads MDY only, so
    /// anything else is 0A000 rather than accepted and ignored; the value kept is "ISO, MDY".
    /// </summary>
    private static string DateStyle(string value)
    {
        var words = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var word in words)
        {
            switch (word.ToLowerInvariant())
            {
                case "iso" or "mdy" or "us" or "noneuropean" or "non-european" or "default":
                    break;
                case "sql" or "postgres" or "german" or "dmy" or "euro" or "european" or "ymd":
                    throw new Runtime.SqlStateException("0A000", $"DateStyle \"{value}\" is not supported: StreamSql supports ISO, MDY only",
                        hint: "StreamSql writes dates in DateStyle ISO and reads them month first: use 'ISO' or 'ISO, MDY'");
                default:
                    throw InvalidValue("DateStyle", value, detail: $"Unrecognized key word: \"{word}\".");
            }
        }

        return "ISO, MDY";
    }

    /// <summary>A time setting in PostgreSQL's form: milliseconds, or a number with us, ms, s, min, h or d (rounded to a millisecond).</summary>
    private static long Milliseconds(string canonical, string value)
    {
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^\s*([+-]?\d+(?:\.\d+)?)\s*(us|ms|s|min|h|d)?\s*$");
        if (!match.Success || !double.TryParse(match.Groups[1].Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
            throw InvalidValue(canonical, value, hint: "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
        double ms = Math.Round(number * match.Groups[2].Value switch
        {
            "us" => 0.001,
            "s" => 1_000,
            "min" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => 1,
        });
        if (ms < 0 || ms > int.MaxValue)
            throw new Runtime.SqlStateException("22023", $"{ms:0} ms is outside the valid range for parameter \"{canonical}\" (0 .. {int.MaxValue})");
        return (long)ms;
    }

    /// <summary>Milliseconds as PostgreSQL shows a time setting: in the largest unit that divides them (<c>1500ms</c>, <c>1min</c>).</summary>
    private static string FormatMilliseconds(long ms) =>
        ms == 0 ? "0"
        : ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d"
        : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
        : ms % 60_000 == 0 ? $"{ms / 60_000}min"
        : ms % 1_000 == 0 ? $"{ms / 1_000}s"
        : $"{ms}ms";

    /// <summary>How long a statement may run before it is cancelled (<c>statement_timeout</c>); zero for no limit.</summary>
    public TimeSpan StatementTimeout
    {
        get
        {
            // Read before every statement: parsed again only when the setting's text changed.
            var text = Get("statement_timeout");
            if (!ReferenceEquals(text, _statementTimeoutText))
            {
                _statementTimeout = TimeSpan.FromMilliseconds(Milliseconds("statement_timeout", text));
                _statementTimeoutText = text;
            }

            return _statementTimeout;
        }
    }

    private string? _statementTimeoutText;
    private TimeSpan _statementTimeout;

    private static string Integer(string canonical, string value, int min, int max)
    {
        if (!int.TryParse(value.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n))
            throw InvalidValue(canonical, value, hint: "expected an integer");
        if (n < min || n > max)
            throw new Runtime.SqlStateException("22023", $"{n} is outside the valid range for parameter \"{canonical}\" ({min} .. {max})");
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Runtime.SqlStateException InvalidValue(string canonical, string value, string? detail = null, string? hint = null) =>
        new("22023", $"invalid value for parameter \"{canonical}\": \"{value}\"", detail, hint);

    private static bool IsReadOnly(string canonical) => Known.Any(k => k.Name == canonical && k.ReadOnly);

    private static bool IsOn(string value) => value.ToLowerInvariant() is "on" or "true" or "1" or "yes" or "t";

    private static bool IsBoolean(string value) =>
        value.ToLowerInvariant() is "on" or "off" or "true" or "false" or "1" or "0" or "yes" or "no" or "t" or "f";
}
