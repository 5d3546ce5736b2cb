namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// One partition of a Kafka source at the time of <see cref="KafkaSource.Metrics"/>.
/// <see cref="Lag"/> is the broker's high watermark (as last seen by the consumer) minus the next
/// offset the pipeline will take; -1 when the high watermark is not known yet. Rates are over the
/// time since the previous snapshot. <see cref="MaxEventTime"/> is the largest event time polled
/// from the partition (microseconds, null before the first row or without an event-time column);
/// <see cref="Idle"/> is true when the partition has delivered nothing for the idle timeout and
/// holds nothing back, so it does not count toward the source's watermark.
/// </summary>
public sealed record KafkaPartitionMetrics(
    int Partition,
    long NextOffset,
    long HighWatermark,
    long Lag,
    long Records,
    long Bytes,
    double RecordsPerSecond,
    double BytesPerSecond,
    long? MaxEventTime,
    bool Idle,
    bool Paused);
