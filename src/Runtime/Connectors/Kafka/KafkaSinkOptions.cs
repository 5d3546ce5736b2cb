using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>kafka</c> sink's settings. From <c>WITH</c>: <c>topic</c> and <c>bootstrap.servers</c>
/// (required), <c>key = 'col,...'</c> (the record key, encoded in the sink's format; default none),
/// <c>envelope = 'append' | 'upsert'</c> (upsert needs a key) and <c>properties.*</c> (librdkafka's
/// names); <c>FORMAT JSON</c> (default) or <c>CSV</c>. The transactional id is derived from the sink
/// name (<see cref="TransactionalIdFor"/>) so that a restarted sink fences the one before it.
/// </summary>
public sealed record KafkaSinkOptions(
    string Topic,
    string BootstrapServers,
    ImmutableArray<string> Key,
    KafkaEnvelope Envelope,
    ImmutableDictionary<string, string> Properties,
    RecordFormat Format)
{
    public const string ConnectorName = "kafka";

    public static readonly IReadOnlyList<string> ValidOptions = ["topic", "bootstrap.servers", "key", "envelope", "properties.*"];

    /// <summary>Properties the sink sets itself: one transaction per epoch needs a stable id and idempotence.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReservedProperties = new Dictionary<string, string>
    {
        ["transactional.id"] = "it is derived from the sink name so that a restarted sink fences the previous one",
        ["enable.idempotence"] = "transactions need it on",
        ["bootstrap.servers"] = "use the option 'bootstrap.servers'",
    };

    /// <summary>How long the sink waits for the brokers in <c>InitTransactions</c> and <c>CommitTransaction</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The transactional id of the sink named <paramref name="sinkName"/>: the same across restarts, different per sink.</summary>
    public static string TransactionalIdFor(string sinkName) => "streamsql-sink-" + sinkName;

    public static KafkaSinkOptions Parse(IReadOnlyDictionary<string, string> options, string? format,
        IReadOnlyDictionary<string, string>? formatOptions)
    {
        const string owner = "connector " + ConnectorName + " (sink)";
        string? topic = null, servers = null;
        var key = ImmutableArray<string>.Empty;
        var envelope = KafkaEnvelope.Append;
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "topic":
                    topic = value.Trim();
                    break;
                case "bootstrap.servers":
                    servers = value.Trim();
                    break;
                case "key":
                    key = [.. value.Split(',').Select(k => k.Trim())];
                    if (key.Any(k => k.Length == 0))
                        throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'key' of {owner}; expected column names separated by commas");
                    break;
                case "envelope":
                    envelope = value.Trim().ToLowerInvariant() switch
                    {
                        "append" => KafkaEnvelope.Append,
                        "upsert" => KafkaEnvelope.Upsert,
                        _ => throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'envelope' of {owner}; valid: 'append', 'upsert'"),
                    };
                    break;
                case var k when k.StartsWith(KafkaProperties.Prefix, StringComparison.Ordinal) && k.Length > KafkaProperties.Prefix.Length:
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (string.IsNullOrEmpty(topic))
            throw ConnectorOptions.Missing("topic", owner, ValidOptions);
        if (string.IsNullOrEmpty(servers))
            throw ConnectorOptions.Missing("bootstrap.servers", owner, ValidOptions);
        if (envelope == KafkaEnvelope.Upsert && key.IsEmpty)
            throw ConnectorOptions.Invalid($"envelope = 'upsert' of {owner} requires option 'key': a retraction is written as a tombstone for its key");
        var recordFormat = RecordFormat.Parse(format, formatOptions);
        if (recordFormat.Kind == RecordFormatKind.Text)
            throw ConnectorOptions.Invalid($"format TEXT is not supported by {owner}; valid formats: JSON, CSV");
        var properties = KafkaProperties.Collect(options);
        KafkaProperties.Check(properties, owner, ReservedProperties, producer: true);
        return new KafkaSinkOptions(topic, servers, key, envelope, properties, recordFormat);
    }
}
