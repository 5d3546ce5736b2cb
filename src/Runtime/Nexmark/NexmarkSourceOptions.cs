using System.Collections.Immutable;
using System.Globalization;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The <c>WITH</c> options of the <c>nexmark</c> connector:
/// <c>table</c> ('person' | 'auction' | 'bid', required), <c>events</c> (how many events of the whole
/// stream to generate, all three kinds counted; absent = unbounded), <c>rate</c> (events per second
/// of event time, default 10000) and <c>seed</c> (default 0, the reference stream).
/// A bounded source produces as fast as the pipeline takes rows; an unbounded one is paced at
/// <c>rate</c> events per wall-clock second.
/// </summary>
public sealed record NexmarkSourceOptions(NexmarkTable Table, long? Events, NexmarkConfig Config)
{
    public const string ConnectorName = "nexmark";

    public static readonly ImmutableArray<string> ValidOptions = ["table", "events", "rate", "seed"];

    /// <summary>
    /// Checks and reads the options (keys case-insensitive, <c>connector</c> itself ignored).
    /// An unknown, missing or malformed option is a <see cref="SqlStateException"/> (22023) that
    /// names the option and what would be valid.
    /// </summary>
    public static NexmarkSourceOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        NexmarkTable? table = null;
        long? events = null;
        var config = new NexmarkConfig();
        foreach (var (rawKey, value) in options)
        {
            string key = rawKey.ToLowerInvariant();
            switch (key)
            {
                case "connector":
                case "on_error":
                case "max_rows_per_epoch":
                case "idle_timeout":
                    // Options every source accepts, handled by the runtime; a generator has no bad records.
                    break;
                case "table":
                    table = NexmarkSchema.TableNamed(value.Trim())
                        ?? throw Invalid($"invalid value '{value}' for option 'table' of connector nexmark; valid: 'person', 'auction', 'bid'");
                    break;
                case "events":
                    if (!long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0)
                        throw Invalid($"invalid value '{value}' for option 'events' of connector nexmark; expected a whole number of events, 0 or more");
                    events = n;
                    break;
                case "rate":
                    if (!double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double rate)
                        || !(rate > 0) || double.IsInfinity(rate))
                        throw Invalid($"invalid value '{value}' for option 'rate' of connector nexmark; expected a positive number of events per second");
                    config = config with { EventsPerSecond = rate };
                    break;
                case "seed":
                    if (!long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed))
                        throw Invalid($"invalid value '{value}' for option 'seed' of connector nexmark; expected a whole number");
                    config = config with { Seed = seed };
                    break;
                default:
                    throw Invalid($"unknown option '{rawKey}' for connector nexmark; valid options: {string.Join(", ", ValidOptions)}");
            }
        }
        if (table is null)
            throw Invalid("connector nexmark requires option 'table' ('person', 'auction' or 'bid'); valid options: "
                + string.Join(", ", ValidOptions));
        return new NexmarkSourceOptions(table.Value, events, config);
    }

    private static SqlStateException Invalid(string message) => new(SqlStateException.InvalidParameterValue, message);
}
