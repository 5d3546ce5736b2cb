using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source connector. The asynchronous edge (files, sockets, Kafka, a generator) runs on its own
/// task after <see cref="Start"/> and fills a bounded buffer of raw records; when the buffer is full
/// it waits, so a slow pipeline slows the source and never fills memory. The scheduler drains it
/// synchronously with <see cref="Poll"/> when it closes an epoch, and logs the returned position
/// before running the epoch, so that re-starting from that position replays exactly the same
/// records. Records that fail to decode go to <see cref="SourceContext.Errors"/>, never stop the source.
/// </summary>
public interface ISource : IAsyncDisposable
{
    /// <summary>Begins reading after <see cref="SourceContext.StartPosition"/> (null: from the connector's configured start).</summary>
    void Start(SourceContext context);

    /// <summary>True when records are buffered and <see cref="Poll"/> would return rows.</summary>
    bool HasPending { get; }

    /// <summary>True for a bounded input that has delivered everything (used by <c>--until-idle</c>).</summary>
    bool IsExhausted { get; }

    /// <summary>
    /// Decodes up to <paramref name="maxRows"/> buffered records into <paramref name="builder"/>
    /// (whose column types are the source's schema) and returns the position after the last one.
    /// </summary>
    SourcePosition Poll(BatchBuilder builder, int maxRows);
}
