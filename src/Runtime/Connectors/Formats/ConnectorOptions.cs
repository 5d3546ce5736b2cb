using System.Globalization;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Shared checks for connector and format <c>WITH</c> options. Every failure is a
/// <see cref="SqlStateException"/> with SQLSTATE 22023 whose message names the option and what
/// would be valid, so the user can fix the statement from the message alone.
/// </summary>
public static class ConnectorOptions
{
    /// <summary>Values of <c>on_error</c>, the option every source accepts (the runtime's error sink applies it).</summary>
    public static readonly IReadOnlyList<string> OnErrorValues = ["dead_letter", "skip", "fail"];

    /// <summary>
    /// Options every source accepts and the runtime, not the connector, carries out: <c>on_error</c>,
    /// <c>max_rows_per_epoch</c> and <c>idle_timeout</c>. A connector checks their values only.
    /// </summary>
    public static readonly IReadOnlyList<string> CommonSourceOptions = ["on_error", "max_rows_per_epoch", "idle_timeout"];

    /// <summary>Checks the value of one of <see cref="CommonSourceOptions"/>; false when <paramref name="key"/> is not one of them.</summary>
    public static bool CheckCommonSourceOption(string key, string value, string owner)
    {
        switch (key)
        {
            case "on_error":
                CheckOnError(value, owner);
                return true;
            case "max_rows_per_epoch":
                ParseInt(value, key, owner, 1, int.MaxValue);
                return true;
            case "idle_timeout":
                if (!Types.IntervalParser.TryParse(value, null, out _))
                    throw Invalid($"invalid value '{value}' for option 'idle_timeout' of {owner}; expected an interval such as '5 seconds'");
                return true;
            default:
                return false;
        }
    }

    public static SqlStateException Invalid(string message) => new(SqlStateException.InvalidParameterValue, message);

    public static SqlStateException Unknown(string key, string owner, IReadOnlyList<string> valid) =>
        Invalid($"unknown option '{key}' for {owner}; valid options: {string.Join(", ", valid)}");

    public static SqlStateException Missing(string key, string owner, IReadOnlyList<string> valid) =>
        Invalid($"{owner} requires option '{key}'; valid options: {string.Join(", ", valid)}");

    /// <summary>Checks <c>on_error</c>'s value; the option itself is carried out by <see cref="ISourceErrorSink"/>.</summary>
    public static void CheckOnError(string value, string owner)
    {
        foreach (var v in OnErrorValues)
            if (string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase))
                return;
        throw Invalid($"invalid value '{value}' for option 'on_error' of {owner}; valid: 'dead_letter', 'skip', 'fail'");
    }

    /// <summary>PostgreSQL's boolean spellings: true/false, on/off, yes/no, 1/0.</summary>
    public static bool ParseBoolean(string value, string key, string owner) =>
        TryParseBoolean(value, out var result) ? result : throw Invalid($"invalid value '{value}' for option '{key}' of {owner}; expected true or false");

    /// <summary>PostgreSQL's boolean spellings, without throwing (the planner checks values with it).</summary>
    public static bool TryParseBoolean(string value, out bool result)
    {
        switch (value.Trim().ToLowerInvariant())
        {
            case "true" or "on" or "yes" or "1" or "t": result = true; return true;
            case "false" or "off" or "no" or "0" or "f": result = false; return true;
            default: result = false; return false;
        }
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static int ParseInt(string value, string key, string owner, int min, int max)
    {
        if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw Invalid($"invalid value '{value}' for option '{key}' of {owner}; expected a whole number from {min} to {max}");
        return n;
    }
}
