using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>The end of a dataflow that hands each batch, watermark and epoch end to delegates (sinks, collectors).</summary>
public sealed class CallbackOperator(Action<Batch> onBatch, Action<long>? onEpochEnd = null, Action<Watermark>? onWatermark = null) : IOperator
{
    public void OnBatch(Batch batch) => onBatch(batch);

    public void OnWatermark(Watermark watermark) => onWatermark?.Invoke(watermark);

    public void OnEpochEnd(long epoch) => onEpochEnd?.Invoke(epoch);

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
