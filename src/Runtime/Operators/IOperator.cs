using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// A push-based, synchronous dataflow operator. Per epoch an operator receives zero or more
/// batches, then at most one watermark per watermarked column (after the epoch's batches, so
/// rows of an epoch are judged by the watermark from the start of the epoch), then exactly one
/// <see cref="OnEpochEnd"/>, which it forwards downstream after emitting its consolidated output.
/// Operators never keep a reference to a batch after <see cref="OnBatch"/> returns, and never
/// block. Stateful operators write and read their complete state with
/// <see cref="Snapshot"/>/<see cref="Restore"/> (binary, versioned by the plan that built them).
/// Keyed operators keep their state per key hash so that the state can later be split into
/// partitions run by worker threads.
/// </summary>
public interface IOperator
{
    void OnBatch(Batch batch);

    void OnWatermark(Watermark watermark);

    void OnEpochEnd(long epoch);

    void Snapshot(Stream stream);

    void Restore(Stream stream);
}
