using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// ORDER BY of a one-shot query: collects the consolidated rows of the (single) epoch and emits them
/// sorted at its end. Ties keep arrival order (stable), as PostgreSQL leaves them unspecified.
/// </summary>
public sealed class SortOperator(ImmutableArray<DataType> types, ImmutableArray<SortKey> keys, IOperator downstream) : IOperator
{
    private readonly List<(object?[] Row, int Weight)> rows = [];

    public void OnBatch(Batch batch) => rows.AddRange(batch.Rows());

    public void OnWatermark(Watermark watermark)
    {
    }

    public void OnEpochEnd(long epoch)
    {
        var order = new RowOrder(keys, tieBreakOnRow: false);
        var sorted = NetChanges.Of(rows).Select((r, i) => (r, i)).OrderBy(p => p.r.Row, order).ThenBy(p => p.i).Select(p => p.r).ToList();
        rows.Clear();
        if (sorted.Count > 0)
        {
            using var batch = Batch.FromRows(types, sorted);
            downstream.OnBatch(batch);
        }
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
