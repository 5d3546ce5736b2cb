using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Time;

namespace StreamSql.Bench.Runtime;

/// <summary>A dataflow end that only counts what reaches it.</summary>
internal sealed class RowCounter : IOperator
{
    public long Rows { get; private set; }

    public void OnBatch(Batch batch) => Rows += batch.RowCount;

    public void OnWatermark(Watermark watermark)
    {
    }

    public void OnEpochEnd(long epoch)
    {
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
