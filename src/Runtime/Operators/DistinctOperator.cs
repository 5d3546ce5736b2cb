using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// DISTINCT over a changelog: counts each row; at the end of an epoch emits +row for rows whose
/// count became positive and -row for rows whose count dropped to zero.
/// </summary>
public sealed class DistinctOperator(ImmutableArray<DataType> types, IOperator downstream) : IOperator
{
    private readonly Dictionary<RowKey, long> counts = [];
    private readonly Dictionary<RowKey, long> before = [];
    private readonly ChangedKeys changed = new();

    public void OnBatch(Batch batch)
    {
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            var key = new RowKey(batch.GetRow(r));
            counts.TryGetValue(key, out long n);
            if (before.TryAdd(key, n))
                changed.Add(key, n);
            ChangedKeys.SetCount(counts, key, n + batch.Weights[r]);
        }
    }

    public void OnWatermark(Watermark watermark) => downstream.OnWatermark(watermark);

    public void OnEpochEnd(long epoch)
    {
        var builder = new BatchBuilder(types, 16);
        foreach (var (key, old) in before)
        {
            bool was = old > 0, now = counts.GetValueOrDefault(key) > 0;
            if (was != now)
                builder.AddRow(key.Values, now ? 1 : -1);
        }
        before.Clear();
        if (builder.Count > 0)
        {
            using var batch = builder.Build();
            downstream.OnBatch(batch);
        }
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(counts.Count);
        foreach (var (key, n) in counts)
        {
            ValueCodec.WriteRow(w, key.Values);
            w.Write(n);
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        counts.Clear();
        before.Clear();
        int n = r.ReadInt32();
        for (int i = 0; i < n; i++)
            counts[new RowKey(ValueCodec.ReadRow(r))] = r.ReadInt64();
    }

    public void BeginDelta() => changed.Begin();

    /// <summary>The rows whose count changed since the last checkpoint, each with its count now (0: gone).</summary>
    public void SnapshotDelta(Stream stream) => changed.WriteCounts(stream, counts.GetValueOrDefault);

    public void ApplyDelta(Stream stream) => ChangedKeys.ReadCounts(stream, (row, count) => ChangedKeys.SetCount(counts, row, count));
}
