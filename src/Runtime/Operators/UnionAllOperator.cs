using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// UNION ALL: batches pass straight through from every input; the epoch ends once every input has
/// ended it; a column's watermark is the minimum over the inputs (sent when it rises).
/// </summary>
public sealed class UnionAllOperator
{
    private readonly IOperator downstream;
    private readonly Dictionary<int, long>[] watermarks;
    private readonly Dictionary<int, long> emitted = [];
    private int ended;

    public UnionAllOperator(int inputs, IOperator downstream)
    {
        this.downstream = downstream;
        watermarks = [.. Enumerable.Range(0, inputs).Select(_ => new Dictionary<int, long>())];
        Inputs = [.. Enumerable.Range(0, inputs).Select(i => (IOperator)new Port(this, i))];
    }

    public IReadOnlyList<IOperator> Inputs { get; }

    private void OnWatermark(int input, Watermark wm)
    {
        watermarks[input][wm.Column] = Math.Max(wm.Value, watermarks[input].GetValueOrDefault(wm.Column, long.MinValue));
        long min = long.MaxValue;
        foreach (var w in watermarks)
        {
            if (!w.TryGetValue(wm.Column, out long v))
                return;
            min = Math.Min(min, v);
        }
        if (!emitted.TryGetValue(wm.Column, out long last) || min > last)
        {
            emitted[wm.Column] = min;
            downstream.OnWatermark(new Watermark(wm.Column, min));
        }
    }

    private void OnEpochEnd(long epoch)
    {
        if (++ended < watermarks.Length)
            return;
        ended = 0;
        downstream.OnEpochEnd(epoch);
    }

    private sealed class Port(UnionAllOperator union, int input) : IOperator
    {
        public void OnBatch(Batch batch) => union.downstream.OnBatch(batch);

        public void OnWatermark(Watermark watermark) => union.OnWatermark(input, watermark);

        public void OnEpochEnd(long epoch) => union.OnEpochEnd(epoch);

        public void Snapshot(Stream stream)
        {
        }

        public void Restore(Stream stream)
        {
        }
    }
}
