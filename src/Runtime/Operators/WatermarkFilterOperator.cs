using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// EMIT ON WINDOW CLOSE for unaggregated rows: holds rows until the watermark on the time column
/// passes them (time &lt; watermark), then releases them in time order as final inserts. A row
/// already behind the watermark on arrival is late. Retractions cancel held rows.
/// </summary>
public sealed class WatermarkFilterOperator(ImmutableArray<DataType> types, int timeColumn, ILateRowHandler late, IOperator downstream)
    : IOperator
{
    private readonly SortedDictionary<long, Dictionary<RowKey, long>> held = [];
    private long watermark = long.MinValue;
    private long pending = long.MinValue;

    public void OnBatch(Batch batch)
    {
        var time = (Column<long>)batch.Columns[timeColumn];
        List<int>? lateRows = null;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (time.IsNull(r))
                continue;
            long t = time.Values[r];
            if (t < watermark)
            {
                (lateRows ??= []).Add(r);
                continue;
            }
            if (!held.TryGetValue(t, out var rows))
                held[t] = rows = [];
            var key = new RowKey(batch.GetRow(r));
            long n = rows.GetValueOrDefault(key) + batch.Weights[r];
            if (n == 0)
                rows.Remove(key);
            else
                rows[key] = n;
        }
        if (lateRows is not null)
            late.OnLateRows(batch, lateRows.ToArray());
    }

    public void OnWatermark(Watermark wm)
    {
        if (wm.Column == timeColumn && wm.Value > pending)
            pending = wm.Value;
    }

    public void OnEpochEnd(long epoch)
    {
        if (pending > watermark)
        {
            watermark = pending;
            var builder = new BatchBuilder(types, 16);
            while (held.Count > 0)
            {
                var first = held.First();
                if (first.Key >= watermark)
                    break;
                held.Remove(first.Key);
                foreach (var (row, n) in first.Value.OrderBy(kv => kv.Key.Values, new RowOrder([])))
                    if (n > 0)
                        builder.AddRow(row.Values, (int)n);
            }
            if (builder.Count > 0)
            {
                using var batch = builder.Build();
                downstream.OnBatch(batch);
            }
            downstream.OnWatermark(new Watermark(timeColumn, watermark));
        }
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(watermark);
        w.Write(pending);
        var rows = held.SelectMany(kv => kv.Value).ToList();
        w.Write(rows.Count);
        foreach (var (row, n) in rows)
        {
            ValueCodec.WriteRow(w, row.Values);
            w.Write(n);
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        held.Clear();
        watermark = r.ReadInt64();
        pending = r.ReadInt64();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var row = ValueCodec.ReadRow(r);
            long t = (long)row[timeColumn]!;
            if (!held.TryGetValue(t, out var rows))
                held[t] = rows = [];
            rows[new RowKey(row)] = r.ReadInt64();
        }
    }
}
