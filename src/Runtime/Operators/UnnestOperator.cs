using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// unnest(array) [WITH ORDINALITY] laterally per row: one output row per element, appending the
/// element (and its 1-based position); a NULL or empty array gives no rows.
/// </summary>
public sealed class UnnestOperator(UnnestNode node, CompiledExpression array, IOperator downstream) : IOperator
{
    private readonly ImmutableArray<DataType> types = node.Schema.Types;

    public void OnBatch(Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        var values = array.Evaluate(batch);
        var builder = new BatchBuilder(types, batch.RowCount * 2);
        int width = batch.ColumnCount;
        try
        {
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                if (values.GetValue(r) is not object?[] items)
                    continue;
                for (int e = 0; e < items.Length; e++)
                {
                    int o = builder.BeginRow(batch.Weights[r]);
                    for (int c = 0; c < width; c++)
                        builder[c].CopyRow(o, batch.Columns[c], r);
                    builder[width].SetValue(o, items[e]);
                    if (node.WithOrdinality)
                        builder[width + 1].SetValue(o, (long)(e + 1));
                }
            }
        }
        finally
        {
            values.Release();
        }
        using var output = builder.Build();
        if (output.RowCount > 0)
            downstream.OnBatch(output);
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
