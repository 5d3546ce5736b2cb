using System.Collections.Immutable;
using Confluent.Kafka;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// The <c>properties.*</c> options of the Kafka connectors, passed to librdkafka as they are.
/// Names are checked against librdkafka itself (it refuses a configuration that names a property
/// it does not know), so the list never drifts from the library that runs them. Properties the
/// connector sets itself to keep its guarantees cannot be overridden.
/// </summary>
public static class KafkaProperties
{
    public const string Prefix = "properties.";

    /// <summary>Takes the <c>properties.*</c> entries out of a <c>WITH</c> list, prefix removed, names lower-cased.</summary>
    public static ImmutableDictionary<string, string> Collect(IReadOnlyDictionary<string, string> options)
    {
        var result = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in options)
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (key.StartsWith(Prefix, StringComparison.Ordinal))
                result[key[Prefix.Length..]] = value;
        }
        return result.ToImmutable();
    }

    /// <summary>
    /// 22023 when a property is reserved (<paramref name="reserved"/>: name → why) or unknown to
    /// librdkafka, or when librdkafka refuses its value; the message names the option.
    /// </summary>
    public static void Check(IReadOnlyDictionary<string, string> properties, string owner,
        IReadOnlyDictionary<string, string> reserved, bool producer)
    {
        foreach (var (name, _) in properties)
            if (reserved.TryGetValue(name, out var why))
                throw ConnectorOptions.Invalid($"option '{Prefix}{name}' of {owner} cannot be set: {why}");
        if (properties.Count == 0 || TryBuild(properties, producer) is not { } error)
            return;
        // Find the property librdkafka refused, so that the message names the option.
        foreach (var (name, value) in properties)
            if (TryBuild(new Dictionary<string, string> { [name] = value }, producer) is { } own)
                throw ConnectorOptions.Invalid($"invalid option '{Prefix}{name}' of {owner}: librdkafka: {own}");
        throw ConnectorOptions.Invalid($"invalid properties of {owner}: librdkafka: {error}");
    }

    /// <summary>Builds (and drops) a client over the properties alone: no bootstrap servers, so nothing connects.</summary>
    private static string? TryBuild(IReadOnlyDictionary<string, string> properties, bool producer)
    {
        try
        {
            if (producer)
            {
                var config = new ProducerConfig();
                foreach (var (k, v) in properties)
                    config.Set(k, v);
                using var p = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
            }
            else
            {
                var config = new ConsumerConfig { GroupId = "streamsql-check" };
                foreach (var (k, v) in properties)
                    config.Set(k, v);
                using var c = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler(static (_, _) => { }).Build();
            }
            return null;
        }
        catch (Exception e) when (e is ArgumentException or KafkaException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
