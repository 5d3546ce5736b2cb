namespace StreamSql.Runtime.Connectors.Kafka;

/// <summary>
/// What a Kafka source knows about one partition. Guarded by the source's lock: the reading
/// thread writes the read side, <see cref="KafkaSource.Poll"/> the polled side.
/// </summary>
internal sealed class KafkaPartitionState(int partition, long assignedAt)
{
    public int Partition { get; } = partition;

    /// <summary>The offset after the last record accepted from the consumer (older ones are duplicates after a resume).</summary>
    public long NextRead { get; set; } = -1;

    /// <summary>The offset after the last record polled into a batch; -1 until known.</summary>
    public long NextPolled { get; set; } = -1;

    /// <summary>The broker's high watermark as last reported to the consumer; -1 until known.</summary>
    public long HighWatermark { get; set; } = -1;

    public int Buffered { get; set; }

    /// <summary>The offset the partition was last sought back to after a gap (-1: never).</summary>
    public long RewoundTo { get; set; } = -1;

    /// <summary>How often a gap made the reader seek back.</summary>
    public long Rewinds { get; set; }

    public long Records { get; set; }

    public long Bytes { get; set; }

    public long RecordsAtSnapshot { get; set; }

    public long BytesAtSnapshot { get; set; }

    /// <summary>When the partition last delivered a record (or was assigned), in <see cref="TimeProvider"/> timestamp units.</summary>
    public long LastActivity { get; set; } = assignedAt;

    public long? MaxEventTime { get; set; }
}
