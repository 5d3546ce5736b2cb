using System.Buffers;
using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// TUMBLE / HOP: appends window_start and window_end. A tumbling window re-points the input
/// columns and adds two computed ones; hopping copies each row once per window. Windows already
/// closed by the watermark (end &lt;= watermark at the start of the epoch) are dropped; a row whose
/// every window is closed is late and goes to the late-row handler. The time column's watermark
/// becomes watermarks on window_start and window_end (smallest values still to come).
/// </summary>
public sealed class WindowAssignOperator : IOperator
{
    private readonly WindowKind kind;
    private readonly int timeColumn;
    private readonly long size;
    private readonly long slide;
    private readonly long offset;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly ILateRowHandler late;
    private readonly IOperator downstream;
    private long watermark = long.MinValue;

    public WindowAssignOperator(WindowAssignNode node, ILateRowHandler late, IOperator downstream)
    {
        if (!node.Size.IsFixedLength || !node.Slide.IsFixedLength || !node.Offset.IsFixedLength)
            throw new SqlStateException(SqlStateException.FeatureNotSupported, "window sizes with months are not supported; use days or smaller units");
        kind = node.Kind;
        timeColumn = node.TimeColumn;
        size = node.Size.TotalMicros;
        slide = node.Kind == WindowKind.Tumble ? size : node.Slide.TotalMicros;
        offset = node.Offset.TotalMicros;
        if (size <= 0 || slide <= 0)
            throw new SqlStateException(SqlStateException.InvalidParameterValue, "window size and slide must be positive");
        outputTypes = node.Schema.Types;
        this.late = late;
        this.downstream = downstream;
    }

    public void OnBatch(Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        if (kind == WindowKind.Tumble)
            Tumble(batch);
        else
            Hop(batch);
    }

    private void Tumble(Batch batch)
    {
        var time = (Column<long>)batch.Columns[timeColumn];
        var starts = (Column<long>)Column.Create(outputTypes[^2], batch.Length, pooled: true);
        var ends = (Column<long>)Column.Create(outputTypes[^1], batch.Length, pooled: true);
        int[]? keep = null;
        int kept = 0;
        int[]? lateRows = null;
        int lateCount = 0;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (time.IsNull(r) || !WindowMath.HasWindows(time.Values[r], size, offset))
            {
                starts.SetNull(r, true);
                ends.SetNull(r, true);
            }
            else
            {
                long s = WindowMath.Align(time.Values[r], size, offset);
                starts.Values[r] = s;
                ends.Values[r] = s + size;
                if (s + size <= watermark)
                {
                    if (keep is null)
                    {
                        keep = ArrayPool<int>.Shared.Rent(batch.RowCount);
                        lateRows = ArrayPool<int>.Shared.Rent(batch.RowCount);
                        for (int j = 0; j < i; j++)
                            keep[kept++] = batch.RowIndex(j);
                    }
                    lateRows![lateCount++] = r;
                    continue;
                }
            }
            if (keep is not null)
                keep[kept++] = r;
        }
        var columns = new Column[outputTypes.Length];
        var owned = new bool[outputTypes.Length];
        Array.Copy(batch.Columns, columns, batch.Columns.Length);
        columns[^2] = starts;
        columns[^1] = ends;
        owned[^2] = owned[^1] = true;
        using var output = batch.WithColumns(outputTypes, columns, owned);
        try
        {
            if (lateCount > 0)
                late.OnLateRows(batch, lateRows.AsSpan(0, lateCount));
            if (keep is null)
                downstream.OnBatch(output);
            else if (kept > 0)
                downstream.OnBatch(output.WithSelection(keep, kept));
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

    /// <summary>Output rows a HOP assignment puts in one batch at most (fewer input rows at a time when windows are many).</summary>
    private const int MaxHopBatchRows = 1 << 20;

    private void Hop(Batch batch)
    {
        long perRow = (size + slide - 1) / slide;
        if (perRow > int.MaxValue / 2)
            throw new SqlStateException("54000", $"HOP puts each row in {perRow} windows; too many");
        int rowsAtATime = (int)Math.Clamp(MaxHopBatchRows / perRow, 1, Math.Max(1, batch.RowCount));
        for (int from = 0; from < batch.RowCount; from += rowsAtATime)
            Hop(batch, from, Math.Min(rowsAtATime, batch.RowCount - from), (int)perRow);
    }

    /// <summary>Assigns the rows at positions <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> of a batch to their windows.</summary>
    private void Hop(Batch batch, int from, int count, int perRow)
    {
        var time = (Column<long>)batch.Columns[timeColumn];
        int capacity = Math.Max(1, count * perRow);
        // First the (source row, window start) pairs, then one typed gather per column.
        var sources = ArrayPool<int>.Shared.Rent(capacity);
        var builder = new BatchBuilder(outputTypes, capacity);
        builder.Reserve(capacity);
        var starts = builder.ColumnAt<long>(outputTypes.Length - 2).Values;
        var ends = builder.ColumnAt<long>(outputTypes.Length - 1).Values;
        var weights = builder.WeightArray;
        int n = 0;
        List<int>? lateRows = null;
        try
        {
            for (int i = from; i < from + count; i++)
            {
                int r = batch.RowIndex(i);
                if (time.IsNull(r) || !WindowMath.HasWindows(time.Values[r], size, offset))
                    continue;
                long ts = time.Values[r];
                long first = WindowMath.Align(ts, slide, offset);
                // Windows [s, s + size) containing ts, oldest first: s in (ts - size, first], step slide.
                long lowest = first - (perRow - 1) * slide;
                while (lowest <= ts - size)
                    lowest += slide;
                bool any = false;
                for (long s = lowest; s <= first; s += slide)
                {
                    if (s + size <= watermark)
                        continue;
                    any = true;
                    sources[n] = r;
                    starts[n] = s;
                    ends[n] = s + size;
                    weights[n] = batch.Weights[r];
                    n++;
                }
                if (!any)
                    (lateRows ??= []).Add(r);
            }
            for (int c = 0; c < batch.Columns.Length; c++)
                builder[c].Gather(batch.Columns[c], sources.AsSpan(0, n));
            builder.Commit(n);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sources);
        }
        if (lateRows is not null)
            late.OnLateRows(batch, lateRows.ToArray());
        using var output = builder.Build();
        if (output.RowCount > 0)
            downstream.OnBatch(output);
    }

    public void OnWatermark(Watermark wm)
    {
        downstream.OnWatermark(wm);
        if (wm.Column != timeColumn || wm.Value <= watermark)
            return;
        watermark = wm.Value;
        long firstStart = WindowMath.Align(wm.Value, slide, offset);
        long lowest = firstStart;
        while (lowest - slide > wm.Value - size)
            lowest -= slide;
        int start = outputTypes.Length - 2;
        downstream.OnWatermark(new Watermark(start, lowest));
        downstream.OnWatermark(new Watermark(start + 1, lowest + size));
    }

    public void OnEpochEnd(long epoch) => downstream.OnEpochEnd(epoch);

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(watermark);
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        watermark = r.ReadInt64();
    }
}
