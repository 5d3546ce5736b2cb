using System.Collections.Frozen;
using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Planner.Binding;

/// <summary>
/// The <c>WITH</c> options each connector accepts (dialect.md's connector table). Options ending in
/// <c>.*</c> are prefixes (<c>properties.*</c> passes through to librdkafka).
/// </summary>
internal static class ConnectorRules
{
    public sealed record Rules(ImmutableArray<string> Required, ImmutableArray<string> Optional, string DefaultFormat)
    {
        public IEnumerable<string> All => Required.Concat(Optional);

        public bool Accepts(string option) =>
            All.Any(o => o == option || (o.EndsWith(".*", StringComparison.Ordinal) && option.StartsWith(o[..^1], StringComparison.Ordinal) && option.Length > o.Length - 1));
    }

    /// <summary>Options every source accepts.</summary>
    public static readonly ImmutableArray<string> CommonSourceOptions = ["on_error", "max_rows_per_epoch", "idle_timeout"];

    public static readonly FrozenDictionary<string, Rules> Sources = new Dictionary<string, Rules>
    {
        ["kafka"] = new(["topic", "bootstrap.servers"], ["group.id", "startup", "properties.*", .. CommonSourceOptions], "JSON"),
        ["directory"] = new(["path"], ["pattern", .. CommonSourceOptions], "JSON"),
        ["socket"] = new(["host", "port"], [.. CommonSourceOptions], "TEXT"),
        ["generator"] = new([], ["rows_per_second", "seed", "fields.*", .. CommonSourceOptions], "JSON"),
        ["nexmark"] = new(["table"], ["events", "rate", "seed", .. CommonSourceOptions], "JSON"),
    }.ToFrozenDictionary();

    public static readonly FrozenDictionary<string, Rules> Sinks = new Dictionary<string, Rules>
    {
        ["kafka"] = new(["topic", "bootstrap.servers"], ["key", "properties.*"], "JSON"),
        ["file"] = new(["path"], [], "JSON"),
        ["postgres"] = new(["url", "table"], ["primary_key", "create_table"], "JSON"),
        ["console"] = new([], ["rows"], "TEXT"),
    }.ToFrozenDictionary();

    /// <summary>Checks a value where the connector needs a particular shape; returns what is wrong, or null.</summary>
    public static string? CheckValue(string connector, string option, string value) => option switch
    {
        "on_error" when value is not ("dead_letter" or "skip" or "fail") => "expected 'dead_letter', 'skip' or 'fail'",
        "max_rows_per_epoch" or "rows_per_second" or "events" or "rate" or "rows" or "port" or "seed"
            when !long.TryParse(value, out var number) || number < (option == "seed" ? long.MinValue : 1) => "expected a positive integer",
        "idle_timeout" when !IntervalText.TryParse(value, null, out _) => "expected an interval such as '5 seconds'",
        "startup" when value is not ("earliest" or "latest") => "expected 'earliest' or 'latest'",
        "create_table" when !ConnectorOptions.TryParseBoolean(value, out _) => "expected true or false",
        "table" when connector == "nexmark" && value is not ("person" or "auction" or "bid") => "expected 'person', 'auction' or 'bid'",
        _ => null,
    };
}
