namespace StreamSql.Server.Live;

/// <summary>One source (or watermarked table): rates, watermark and its lag behind processing time, late rows.</summary>
public sealed record SourceMetrics(
    string Name,
    long RecordsRead,
    double RecordsPerSecond,
    string? Watermark,
    string? MaxEventTime,
    double? WatermarkLagSeconds,
    long LateRows)
{
    /// <summary>Records the connector could not decode (sent where <c>on_error</c> says).</summary>
    public long BadRecords { get; init; }

    /// <summary>Records waiting in the source's parts that the pipeline has not taken (Kafka consumer lag; null when unknown or not a source in parts).</summary>
    public long? Lag { get; init; }

    /// <summary>The last error the source's connector met (brokers down, topic missing), null once records flow again.</summary>
    public string? Error { get; init; }

    /// <summary>The source's parts (Kafka partitions), for sources read in parts.</summary>
    public IReadOnlyList<PartitionMetrics> Partitions { get; init; } = [];
}

/// <summary>One part of a source (a Kafka partition): lag in records, rates over the last sample, event time, idle and paused.</summary>
public sealed record PartitionMetrics(
    string Partition,
    long? Lag,
    long Records,
    double RecordsPerSecond,
    double BytesPerSecond,
    string? MaxEventTime,
    bool Idle,
    bool Paused);
