using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// A Kafka source's position: for every partition read so far, the offset of the next record to
/// read, written <c>partition:offset</c> separated by commas in partition order (<c>0:120,1:98</c>).
/// Resuming from it reads each listed partition from exactly that offset, so replaying an epoch
/// from the offset log yields the same records. Partitions not listed start per <c>startup</c>.
/// </summary>
public sealed record KafkaPosition(ImmutableSortedDictionary<int, long> NextOffsets)
{
    public static readonly KafkaPosition Empty = new(ImmutableSortedDictionary<int, long>.Empty);

    public SourcePosition ToSourcePosition()
    {
        var text = new StringBuilder();
        foreach (var (partition, offset) in NextOffsets)
        {
            if (text.Length > 0)
                text.Append(',');
            text.Append(CultureInfo.InvariantCulture, $"{partition}:{offset}");
        }
        return new SourcePosition(text.ToString());
    }

    /// <summary>Reads a logged position; empty text is <see cref="Empty"/>, a malformed one is a 22023 error.</summary>
    public static KafkaPosition Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Empty;
        var offsets = ImmutableSortedDictionary.CreateBuilder<int, long>();
        foreach (var part in text.Split(','))
        {
            int colon = part.IndexOf(':');
            if (colon <= 0
                || !int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !offsets.TryAdd(partition, offset))
                throw ConnectorOptions.Invalid($"invalid kafka source position '{text}': expected 'partition:offset' pairs separated by commas, each partition once");
        }
        return new KafkaPosition(offsets.ToImmutable());
    }
}
