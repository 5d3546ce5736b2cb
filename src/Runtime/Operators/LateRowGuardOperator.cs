using System.Buffers;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// Sits where a view reads its watermarked input and diverts, whole, the rows the view's windowing
/// would find late (by the watermark from the start of the epoch), so that LATE DATA TO receives
/// the source's rows even when the plan keeps only some of their columns further up.
/// </summary>
public sealed class LateRowGuardOperator(int timeColumn, Func<long, long, bool> isLate, ILateRowHandler late, IOperator downstream) : IOperator
{
    private long watermark = long.MinValue;
    private long pending = long.MinValue;

    public void OnBatch(Batch batch)
    {
        var time = (Column<long>)batch.Columns[timeColumn];
        int[]? keep = null;
        int kept = 0, lateCount = 0;
        int[]? lateRows = null;
        try
        {
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                bool isLateRow = watermark != long.MinValue && !time.IsNull(r) && isLate(time.Values[r], watermark);
                if (isLateRow && keep is null)
                {
                    keep = ArrayPool<int>.Shared.Rent(batch.RowCount);
                    lateRows = ArrayPool<int>.Shared.Rent(batch.RowCount);
                    for (int j = 0; j < i; j++)
                        keep[kept++] = batch.RowIndex(j);
                }
                if (isLateRow)
                    lateRows![lateCount++] = r;
                else if (keep is not null)
                    keep[kept++] = r;
            }
            if (lateCount > 0)
                late.OnLateRows(batch, lateRows.AsSpan(0, lateCount));
            if (keep is null)
                downstream.OnBatch(batch);
            else if (kept > 0)
                downstream.OnBatch(batch.WithSelection(keep, kept));
        }
        finally
        {
            if (keep is not null)
            {
                ArrayPool<int>.Shared.Return(keep);
                ArrayPool<int>.Shared.Return(lateRows!);
            }
        }
    }

    public void OnWatermark(Watermark wm)
    {
        if (wm.Column == timeColumn && wm.Value > pending)
            pending = wm.Value;
        downstream.OnWatermark(wm);
    }

    public void OnEpochEnd(long epoch)
    {
        watermark = pending;
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(watermark);
        w.Write(pending);
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        watermark = r.ReadInt64();
        pending = r.ReadInt64();
    }
}
