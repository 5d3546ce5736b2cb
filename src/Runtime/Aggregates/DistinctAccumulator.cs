using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// agg(DISTINCT x): counts each distinct argument value per group and feeds the inner aggregate
/// only when a value appears (count 0 → positive) or disappears (positive → 0).
/// </summary>
public sealed class DistinctAccumulator(IAccumulator inner) : IAccumulator
{
    private Dictionary<RowKey, long>?[] seen = new Dictionary<RowKey, long>?[16];

    public int BytesPerGroup => 8 + inner.BytesPerGroup;

    public void EnsureGroups(int groups)
    {
        inner.EnsureGroups(groups);
        if (groups > seen.Length)
            Array.Resize(ref seen, Math.Max(groups, seen.Length * 2));
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var key = new RowKey([args[0].GetValue(row)]);
        var counts = seen[gid] ??= [];
        counts.TryGetValue(key, out long before);
        long after = before + weight;
        if (after == 0)
            counts.Remove(key);
        else
            counts[key] = after;
        if (before <= 0 && after > 0)
            inner.Update(gid, args, row, 1);
        else if (before > 0 && after <= 0)
            inner.Update(gid, args, row, -1);
    }

    public void Write(int gid, Column output, int outRow) => inner.Write(gid, output, outRow);

    public void Reset(int gid)
    {
        seen[gid] = null;
        inner.Reset(gid);
    }

    public void Save(int gid, StateWriter writer)
    {
        var counts = seen[gid];
        writer.Write(counts?.Count ?? 0);
        if (counts is not null)
        {
            foreach (var (k, n) in counts)
            {
                ValueCodec.WriteRow(writer, k.Values);
                writer.Write(n);
            }
        }
        inner.Save(gid, writer);
    }

    public void Load(int gid, BinaryReader reader)
    {
        int n = reader.ReadInt32();
        seen[gid] = null;
        for (int i = 0; i < n; i++)
            (seen[gid] ??= [])[new RowKey(ValueCodec.ReadRow(reader))] = reader.ReadInt64();
        inner.Load(gid, reader);
    }
}
