using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>count(*) (no argument) or count(x) (non-null rows), as bigint.</summary>
public sealed class CountAccumulator(bool star) : IAccumulator
{
    private long[] counts = new long[16];

    public int BytesPerGroup => 8;

    public void EnsureGroups(int groups)
    {
        if (groups > counts.Length)
            Array.Resize(ref counts, Math.Max(groups, counts.Length * 2));
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        if (star || !args[0].IsNull(row))
            counts[gid] += weight;
    }

    /// <summary>The typed fast path of count(*): adds each row's weight to its group.</summary>
    public void UpdateStar(ReadOnlySpan<int> gids, ReadOnlySpan<int> weights)
    {
        var c = counts;
        for (int i = 0; i < gids.Length; i++)
            c[gids[i]] += weights[i];
    }

    public void Write(int gid, Column output, int outRow) => ((Column<long>)output).Set(outRow, counts[gid]);

    public void Reset(int gid) => counts[gid] = 0;

    public void Save(int gid, StateWriter writer) => writer.Write(counts[gid]);

    public void Load(int gid, BinaryReader reader) => counts[gid] = reader.ReadInt64();
}
