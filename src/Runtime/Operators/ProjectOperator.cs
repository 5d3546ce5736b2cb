using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// Computes output columns; bare column references re-point the input column (no copy), and
/// watermarks follow the columns they travel with. A processing-time column (<c>proctime()</c>)
/// gets the epoch's processing time as its watermark at the end of each epoch, so windows over it
/// close on the scheduler's clock.
/// </summary>
public sealed class ProjectOperator : IOperator
{
    private readonly CompiledExpression[] expressions;
    private readonly ImmutableArray<DataType> types;
    private readonly IOperator downstream;
    private readonly ImmutableArray<int> processingTimeColumns;
    private readonly EpochClock? clock;

    public ProjectOperator(CompiledExpression[] expressions, IOperator downstream, ImmutableArray<int> processingTimeColumns = default, EpochClock? clock = null)
    {
        this.expressions = expressions;
        this.downstream = downstream;
        this.processingTimeColumns = processingTimeColumns.IsDefault ? [] : processingTimeColumns;
        this.clock = clock;
        if (!this.processingTimeColumns.IsEmpty && clock is null)
            throw new ArgumentNullException(nameof(clock), "processing-time columns need the epoch clock");
        types = [.. expressions.Select(e => e.Type)];
    }

    public void OnBatch(Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        var columns = new Column[expressions.Length];
        var owned = new bool[expressions.Length];
        try
        {
            for (int i = 0; i < expressions.Length; i++)
            {
                var r = expressions[i].Evaluate(batch);
                if (r.IsScalar)
                {
                    var full = Column.Create(types[i], Math.Max(batch.Length, 1), pooled: true);
                    for (int k = 0; k < batch.RowCount; k++)
                        full.CopyRow(batch.RowIndex(k), r.Column, 0);
                    r.Release();
                    columns[i] = full;
                    owned[i] = true;
                }
                else
                {
                    columns[i] = r.Column;
                    owned[i] = r.Owned;
                }
            }
        }
        catch
        {
            for (int i = 0; i < columns.Length; i++)
                if (owned[i])
                    columns[i].Release();
            throw;
        }
        using var output = batch.WithColumns(types, columns, owned);
        downstream.OnBatch(output);
    }

    public void OnWatermark(Watermark watermark)
    {
        for (int i = 0; i < expressions.Length; i++)
            if (expressions[i] is ColumnReference c && c.Index == watermark.Column)
                downstream.OnWatermark(watermark with { Column = i });
    }

    public void OnEpochEnd(long epoch)
    {
        foreach (var column in processingTimeColumns)
            downstream.OnWatermark(new Watermark(column, clock!.Current.ProcTimeMicros));
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
