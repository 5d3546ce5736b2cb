using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>kafka</c> source's settings. From <c>WITH</c>: <c>topic</c> and <c>bootstrap.servers</c>
/// (required), <c>group.id</c> (the consumer group offsets are committed to after each epoch or
/// checkpoint, for lag monitoring, and where a source without a position of its own resumes;
/// default <c>streamsql-&lt;source&gt;</c>), <c>startup</c> (<c>earliest</c> default, or
/// <c>latest</c>: for partitions the group has no offset for), <c>properties.*</c> (librdkafka's own names), and
/// the options every source takes (<c>idle_timeout</c> also ends a quiet partition's hold on the
/// watermark here, default 30 s). Not options of the statement: <see cref="BufferRecords"/> and
/// <see cref="BufferBytes"/> bound what is read ahead of the pipeline; <see cref="MetadataInterval"/>
/// is how often new partitions are looked for.
/// </summary>
public sealed record KafkaSourceOptions(
    string Topic,
    string BootstrapServers,
    string? GroupId,
    KafkaStartup Startup,
    ImmutableDictionary<string, string> Properties,
    RecordFormat Format)
{
    public const string ConnectorName = "kafka";

    public static readonly IReadOnlyList<string> ValidOptions =
        ["topic", "bootstrap.servers", "group.id", "startup", "properties.*", .. ConnectorOptions.CommonSourceOptions];

    /// <summary>Properties the source sets itself: offsets belong to the epoch log, partitions are assigned, not balanced.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReservedProperties = new Dictionary<string, string>
    {
        ["enable.auto.commit"] = "offsets are committed after each epoch commits",
        ["enable.auto.offset.store"] = "offsets are committed after each epoch commits",
        ["group.id"] = "use the option 'group.id'",
        ["bootstrap.servers"] = "use the option 'bootstrap.servers'",
        ["auto.offset.reset"] = "use the option 'startup'",
    };

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int BufferRecords { get; init; } = 50_000;

    public long BufferBytes { get; init; } = 32L << 20;

    public TimeSpan MetadataInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The consumer group used when <see cref="GroupId"/> is not given.</summary>
    public string GroupFor(string sourceName) => GroupId ?? "streamsql-" + sourceName;

    /// <summary>
    /// Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> itself is ignored), the
    /// librdkafka properties and the format. Every failure is a 22023 error naming the option.
    /// </summary>
    public static KafkaSourceOptions Parse(IReadOnlyDictionary<string, string> options, string? format,
        IReadOnlyDictionary<string, string>? formatOptions)
    {
        const string owner = "connector " + ConnectorName;
        string? topic = null, servers = null, group = null;
        var startup = KafkaStartup.Earliest;
        var idle = TimeSpan.FromSeconds(30);
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            switch (key)
            {
                case "connector":
                    break;
                case "topic":
                    topic = value.Trim();
                    break;
                case "bootstrap.servers":
                    servers = value.Trim();
                    break;
                case "group.id":
                    group = value.Trim();
                    if (group.Length == 0)
                        throw ConnectorOptions.Invalid($"option 'group.id' of {owner} must not be empty");
                    break;
                case "startup":
                    startup = value.Trim().ToLowerInvariant() switch
                    {
                        "earliest" => KafkaStartup.Earliest,
                        "latest" => KafkaStartup.Latest,
                        _ => throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'startup' of {owner}; valid: 'earliest', 'latest'"),
                    };
                    break;
                case "idle_timeout":
                    ConnectorOptions.CheckCommonSourceOption(key, value, owner);
                    IntervalParser.TryParse(value, null, out var interval);
                    if (!interval.IsFixedLength || interval.TotalMicros <= 0)
                        throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'idle_timeout' of {owner}; expected a positive interval without months");
                    idle = TimeSpan.FromMicroseconds(interval.TotalMicros);
                    break;
                case var k when k.StartsWith(KafkaProperties.Prefix, StringComparison.Ordinal) && k.Length > KafkaProperties.Prefix.Length:
                    break;
                case var k when ConnectorOptions.CheckCommonSourceOption(k, value, owner):
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (string.IsNullOrEmpty(topic))
            throw ConnectorOptions.Missing("topic", owner, ValidOptions);
        if (string.IsNullOrEmpty(servers))
            throw ConnectorOptions.Missing("bootstrap.servers", owner, ValidOptions);
        var properties = KafkaProperties.Collect(options);
        KafkaProperties.Check(properties, owner, ReservedProperties, producer: false);
        return new KafkaSourceOptions(topic, servers, group, startup, properties, RecordFormat.Parse(format, formatOptions))
        {
            IdleTimeout = idle,
        };
    }
}
