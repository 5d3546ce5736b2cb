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
        var sorted = Net(rows).Select((r, i) => (r, i)).OrderBy(p => p.r.Row, order).ThenBy(p => p.i).Select(p => p.r).ToList();
        rows.Clear();
        if (sorted.Count > 0)
        {
            using var batch = Batch.FromRows(types, sorted);
            downstream.OnBatch(batch);
        }
        downstream.OnEpochEnd(epoch);
    }

    /// <summary>
    /// Each row once with its net multiplicity, in order of first arrival, rows netting to zero or less
    /// left out: what is sorted is the result, not the changes that led to it (so the rows a
    /// projection above makes equal are not merged across the order).
    /// </summary>
    private static List<(object?[] Row, int Weight)> Net(List<(object?[] Row, int Weight)> changes)
    {
        if (changes.TrueForAll(c => c.Weight > 0))
            return changes;
        var index = new Dictionary<RowKey, int>();
        var net = new List<(object?[] Row, int Weight)>();
        foreach (var (row, weight) in changes)
        {
            var key = new RowKey(row);
            if (index.TryGetValue(key, out int at))
            {
                net[at] = (net[at].Row, net[at].Weight + weight);
            }
            else
            {
                index[key] = net.Count;
                net.Add((row, weight));
            }
        }
        return net.FindAll(r => r.Weight > 0);
    }

    public void Snapshot(Stream stream)
    {
    }

    public void Restore(Stream stream)
    {
    }
}
