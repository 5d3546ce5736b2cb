using System.Buffers;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Operators;

/// <summary>Keeps rows whose predicate is true by narrowing the selection vector; no row is copied.</summary>
public sealed class FilterOperator(CompiledExpression predicate, IOperator downstream) : IOperator
{
    public void OnBatch(Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        var result = predicate.Evaluate(batch);
        var selection = ArrayPool<int>.Shared.Rent(batch.RowCount);
        try
        {
            var col = (Column<bool>)result.Column;
            var values = col.Values;
            int count = 0;
            if (result.IsScalar)
            {
                if (!col.IsNull(0) && values[0])
                    for (int i = 0; i < batch.RowCount; i++)
                        selection[count++] = batch.RowIndex(i);
            }
            else if (!col.MayHaveNulls && batch.Selection is null)
            {
                for (int r = 0; r < batch.Length; r++)
                {
                    selection[count] = r;
                    count += values[r] ? 1 : 0;
                }
            }
            else
            {
                for (int i = 0; i < batch.RowCount; i++)
                {
                    int r = batch.RowIndex(i);
                    if (values[r] && !col.IsNull(r))
                        selection[count++] = r;
                }
            }
            if (count > 0)
                downstream.OnBatch(batch.WithSelection(selection, count));
        }
        finally
        {
            result.Release();
            ArrayPool<int>.Shared.Return(selection);
        }
    }

    public void OnWatermark(Watermark watermark) => downstream.OnWatermark(watermark);

    public void OnEpochEnd(long epoch) => downstream.OnEpochEnd(epoch);

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
