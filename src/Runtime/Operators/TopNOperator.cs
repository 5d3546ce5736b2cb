using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// Top-N per partition with retractions: each partition keeps all its rows sorted (with
/// multiplicity), so a deleted row in the top N is replaced by the next one. At the end of an epoch
/// every partition that changed emits the difference between its previous and current top N
/// (with row numbers when asked).
/// </summary>
public sealed class TopNOperator : IOperator
{
    private readonly TopNNode node;
    private readonly IOperator downstream;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly RowOrder order;
    private readonly Dictionary<RowKey, SortedDictionary<object?[], long>> partitions = [];
    private readonly Dictionary<RowKey, List<object?[]>> before = [];
    // Rows whose multiplicity changed since the last checkpoint (a row holds its partition's key).
    private readonly ChangedKeys changed = new();

    public TopNOperator(TopNNode node, IOperator downstream)
    {
        this.node = node;
        this.downstream = downstream;
        outputTypes = node.Schema.Types;
        order = new RowOrder(node.OrderBy);
    }

    public void OnBatch(Batch batch)
    {
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            var row = batch.GetRow(r);
            var key = PartitionOf(row);
            var rows = Partition(key);
            if (!before.ContainsKey(key))
                before[key] = Top(rows);
            rows.TryGetValue(row, out long n);
            changed.Add(row, n);
            SetCount(key, rows, row, n + batch.Weights[r]);
        }
    }

    /// <summary>Sets a row's multiplicity in its partition, removing the row at zero and the partition once empty.</summary>
    private void SetCount(RowKey key, SortedDictionary<object?[], long> rows, object?[] row, long n)
    {
        if (n == 0)
            rows.Remove(row);
        else
            rows[row] = n;
        if (rows.Count == 0)
            partitions.Remove(key);
    }

    private RowKey PartitionOf(object?[] row) => new([.. node.PartitionKeys.Select(k => row[k])]);

    /// <summary>A partition's rows, created empty when new.</summary>
    private SortedDictionary<object?[], long> Partition(RowKey key)
    {
        if (!partitions.TryGetValue(key, out var rows))
            partitions[key] = rows = new SortedDictionary<object?[], long>(order);
        return rows;
    }

    /// <summary>The rows currently in the top N of a partition, each copy separately, with row numbers when asked.</summary>
    private List<object?[]> Top(SortedDictionary<object?[], long>? rows)
    {
        var result = new List<object?[]>();
        if (rows is null)
            return result;
        long skip = node.Offset;
        long take = node.Limit ?? long.MaxValue;
        long position = 0;
        foreach (var (row, n) in rows)
        {
            for (long c = 0; c < n && take > 0; c++)
            {
                position++;
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                result.Add(node.RowNumber ? [.. row, position] : row);
                take--;
            }
            if (take == 0)
                break;
        }
        return result;
    }

    public void OnWatermark(Watermark watermark)
    {
    }

    public void OnEpochEnd(long epoch)
    {
        var builder = new BatchBuilder(outputTypes, 16);
        foreach (var (key, old) in before)
        {
            partitions.TryGetValue(key, out var rows);
            var now = Top(rows);
            var diff = new Dictionary<RowKey, long>();
            foreach (var row in old)
                diff[new RowKey(row)] = diff.GetValueOrDefault(new RowKey(row)) - 1;
            foreach (var row in now)
                diff[new RowKey(row)] = diff.GetValueOrDefault(new RowKey(row)) + 1;
            foreach (var (row, n) in diff)
                if (n != 0)
                    builder.AddRow(row.Values, (int)n);
        }
        before.Clear();
        if (builder.Count > 0)
        {
            using var batch = builder.Build();
            downstream.OnBatch(batch);
        }
        downstream.OnEpochEnd(epoch);
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(partitions.Count);
        foreach (var (key, rows) in partitions)
        {
            ValueCodec.WriteRow(w, key.Values);
            w.Write(rows.Count);
            foreach (var (row, n) in rows)
            {
                ValueCodec.WriteRow(w, row);
                w.Write(n);
            }
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        partitions.Clear();
        before.Clear();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var key = new RowKey(ValueCodec.ReadRow(r));
            var rows = new SortedDictionary<object?[], long>(order);
            int n = r.ReadInt32();
            for (int j = 0; j < n; j++)
                rows[ValueCodec.ReadRow(r)] = r.ReadInt64();
            partitions[key] = rows;
        }
    }

    public void BeginDelta() => changed.Begin();

    /// <summary>The rows whose multiplicity changed since the last checkpoint, each with its multiplicity now (0: gone).</summary>
    public void SnapshotDelta(Stream stream) => changed.WriteCounts(stream, row =>
        partitions.TryGetValue(PartitionOf(row.Values), out var rows) ? rows.GetValueOrDefault(row.Values) : 0);

    public void ApplyDelta(Stream stream) => ChangedKeys.ReadCounts(stream, (row, n) =>
    {
        var key = PartitionOf(row.Values);
        SetCount(key, Partition(key), row.Values, n);
    });
}
