using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// LIMIT/OFFSET of a one-shot query over insert-only input, counting copies in arrival order
/// (after a <see cref="SortOperator"/>). Maintained views use <see cref="TopNOperator"/> instead.
/// </summary>
public sealed class LimitOperator(ImmutableArray<DataType> types, long? limit, long offset, IOperator downstream) : IOperator
{
    private long seen;

    public void OnBatch(Batch batch)
    {
        var builder = new BatchBuilder(types, 16);
        long end = limit is long l ? offset + l : long.MaxValue;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            for (int c = 0; c < batch.Weights[r]; c++)
            {
                if (seen >= offset && seen < end)
                    builder.AppendRow(batch, r, 1);
                seen++;
            }
        }
        if (builder.Count > 0)
        {
            using var output = builder.Build();
            downstream.OnBatch(output);
        }
    }

    public void OnWatermark(Watermark watermark)
    {
    }

    public void OnEpochEnd(long epoch)
    {
        seen = 0;
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
