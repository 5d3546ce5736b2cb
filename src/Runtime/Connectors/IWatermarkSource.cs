namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source that knows better than the largest event time seen how far its input has come, e.g.
/// Kafka: the minimum over its partitions' largest event times, idle partitions left out, so one
/// partition running ahead cannot make the rows of a slower one late. The runtime takes this
/// candidate (minus the declared delay) instead of the largest event time over all rows.
/// </summary>
public interface IWatermarkSource
{
    /// <summary>The event time (microseconds) every active part has reached, or null while one has not delivered a row yet.</summary>
    long? Watermark();
}
