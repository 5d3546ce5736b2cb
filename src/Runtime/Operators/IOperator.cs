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
/// <see cref="Snapshot"/>/<see cref="Restore"/> (binary, versioned by the plan that built them),
/// and what changed since the previous checkpoint with <see cref="SnapshotDelta"/>/<see cref="ApplyDelta"/>.
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

    /// <summary>
    /// Starts a delta: from now on the operator notes what of its state changes, for the next
    /// <see cref="SnapshotDelta"/>. Called after a checkpoint's full snapshot (and after a restore),
    /// so an operator that has never been checkpointed pays nothing for the bookkeeping.
    /// </summary>
    void BeginDelta()
    {
    }

    /// <summary>
    /// Writes the state that changed since <see cref="BeginDelta"/> or the previous delta, and starts
    /// the next delta. <see cref="ApplyDelta"/> on an operator holding the state of that moment brings
    /// it to this one. An operator whose state is small (or that keeps no change list) writes all of it.
    /// </summary>
    void SnapshotDelta(Stream stream) => Snapshot(stream);

    /// <summary>Applies what <see cref="SnapshotDelta"/> wrote, over the state it was taken from.</summary>
    void ApplyDelta(Stream stream) => Restore(stream);
}
