using System.Diagnostics;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>What a plan node gave its consumer while a query ran (EXPLAIN ANALYZE).</summary>
public sealed class NodeStats
{
    /// <summary>Rows the node emitted (changes, whatever their weight).</summary>
    public long Rows { get; internal set; }

    /// <summary>Stopwatch ticks its consumer spent on them, everything above it included.</summary>
    public long ConsumerTicks { get; internal set; }
}

/// <summary>
/// Stands between a node's operator and its consumer, counting the rows handed over and timing the
/// consumer's work on them (batches, watermarks and epoch ends), for EXPLAIN ANALYZE: a node's own time
/// is what its inputs' consumers spent minus what its own consumer spent. Keeps no state.
/// </summary>
public sealed class ObservedOperator(IOperator consumer, NodeStats stats) : IOperator
{
    public void OnBatch(Batch batch)
    {
        stats.Rows += batch.RowCount;
        long started = Stopwatch.GetTimestamp();
        consumer.OnBatch(batch);
        stats.ConsumerTicks += Stopwatch.GetTimestamp() - started;
    }

    public void OnWatermark(Watermark watermark)
    {
        long started = Stopwatch.GetTimestamp();
        consumer.OnWatermark(watermark);
        stats.ConsumerTicks += Stopwatch.GetTimestamp() - started;
    }

    public void OnEpochEnd(long epoch)
    {
        long started = Stopwatch.GetTimestamp();
        consumer.OnEpochEnd(epoch);
        stats.ConsumerTicks += Stopwatch.GetTimestamp() - started;
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
