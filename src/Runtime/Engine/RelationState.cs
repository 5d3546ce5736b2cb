using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// What every relation a dataflow can scan has: its schema, the dataflow inputs reading it, and
/// (for tables and sources) watermark tracking. Only touched under the runtime's lock.
/// </summary>
internal abstract class RelationState(string name, RowSchema schema, WatermarkSpec? watermark)
{
    public string Name { get; } = name;

    public RowSchema Schema { get; } = schema;

    public WatermarkSpec? WatermarkSpec { get; } = watermark;

    /// <summary>Dataflow inputs that receive this relation's changes, watermarks and epoch ends.</summary>
    public List<DataflowInput> Readers { get; } = [];

    /// <summary>Largest event time seen on the watermark column.</summary>
    public long? MaxEventTime { get; set; }

    /// <summary>The current (committed) watermark.</summary>
    public long? Watermark { get; set; }

    /// <summary>A watermark forced by test control, applied at the end of the next epoch.</summary>
    public long? ForcedWatermark { get; set; }

    public long LateRows { get; set; }

    public long RecordsRead { get; set; }

    /// <summary>Notes the event times of rows about to be pushed.</summary>
    public void Observe(Batch batch)
    {
        RecordsRead += batch.RowCount;
        if (WatermarkSpec is null)
            return;
        var col = (Column<long>)batch.Columns[WatermarkSpec.Column];
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (!col.IsNull(r) && batch.Weights[r] > 0 && (MaxEventTime is null || col.Values[r] > MaxEventTime))
                MaxEventTime = col.Values[r];
        }
    }

    /// <summary>The event time the input has reached, from which the watermark follows: by default the largest seen.</summary>
    protected virtual long? EventTimeReached => MaxEventTime;

    /// <summary>True when <see cref="NextWatermark"/> would advance the watermark now (nothing is consumed).</summary>
    public bool WatermarkWouldAdvance()
    {
        long? candidate = null;
        if (WatermarkSpec is not null && EventTimeReached is long max)
            candidate = max - WatermarkSpec.DelayMicros;
        if (ForcedWatermark is long forced && (candidate is null || forced > candidate))
            candidate = forced;
        return candidate is long c && (Watermark is null || c > Watermark);
    }

    /// <summary>The watermark after this epoch, if it moved forward.</summary>
    public long? NextWatermark()
    {
        long? candidate = null;
        if (WatermarkSpec is not null && EventTimeReached is long max)
            candidate = max - WatermarkSpec.DelayMicros;
        if (ForcedWatermark is long forced && (candidate is null || forced > candidate))
            candidate = forced;
        ForcedWatermark = null;
        if (candidate is long c && (Watermark is null || c > Watermark))
            return c;
        return null;
    }
}
