using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source whose position says how far each of its parts has been read (Kafka: the next offset per
/// partition) and whose buffer may interleave the parts in another order on every run. An epoch run
/// again at recovery reads exactly up to its logged end position, part by part, rather than the same
/// number of records, which could be a different mix of parts.
/// </summary>
public interface IReplayableSource
{
    /// <summary>True when every part is at or past <paramref name="end"/>.</summary>
    bool HasReached(SourcePosition end);

    /// <summary>
    /// Decodes the buffered records that lie before <paramref name="end"/> in their part into
    /// <paramref name="builder"/>, leaving the others buffered in their order; returns the position after them.
    /// </summary>
    SourcePosition PollTo(BatchBuilder builder, SourcePosition end);
}
