namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source read in parts (Kafka partitions) that reports each one: how far the pipeline is behind
/// it, how fast it is read, how far its event time has come. Each call is a sample: rates are over
/// the time since the previous call.
/// </summary>
public interface IPartitionedSource
{
    IReadOnlyList<SourcePartitionMetrics> PartitionMetrics();

    /// <summary>The last error met reading the parts (brokers down, topic missing), null once it is over.</summary>
    string? LastError { get; }
}

/// <summary>
/// One part of a source at a sample. <see cref="Lag"/>: records the part holds that the pipeline has
/// not taken yet (null while unknown); <see cref="MaxEventTimeMicros"/>: the largest event time taken
/// from it (null before its first row); <see cref="Idle"/>: it delivered nothing for the idle timeout
/// and no longer holds the source's watermark back; <see cref="Paused"/>: reading stopped because the
/// pipeline's buffer is full (back-pressure).
/// </summary>
public sealed record SourcePartitionMetrics(
    string Partition,
    long? Lag,
    long Records,
    double RecordsPerSecond,
    double BytesPerSecond,
    long? MaxEventTimeMicros,
    bool Idle,
    bool Paused);

/// <summary>One source read in parts at a sample (<see cref="Engine.StreamingRuntime.SourcePartitions"/>).</summary>
public sealed record SourcePartitionsSample(string Source, IReadOnlyList<SourcePartitionMetrics> Partitions, string? LastError);
