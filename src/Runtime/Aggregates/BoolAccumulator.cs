using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>bool_and / bool_or kept as counts of true and false values, so retractions are exact.</summary>
public sealed class BoolAccumulator(bool isAnd) : IAccumulator
{
    private long[] trues = new long[16];
    private long[] falses = new long[16];

    public int BytesPerGroup => 16;

    public void EnsureGroups(int groups)
    {
        if (groups <= trues.Length)
            return;
        int size = Math.Max(groups, trues.Length * 2);
        Array.Resize(ref trues, size);
        Array.Resize(ref falses, size);
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var a = args[0];
        if (a.IsNull(row))
            return;
        if (((Column<bool>)a.Column).Values[a.At(row)])
            trues[gid] += weight;
        else
            falses[gid] += weight;
    }

    public void Write(int gid, Column output, int outRow)
    {
        if (trues[gid] == 0 && falses[gid] == 0)
            output.SetValue(outRow, null);
        else
            ((Column<bool>)output).Set(outRow, isAnd ? falses[gid] == 0 : trues[gid] > 0);
    }

    public void Reset(int gid) => trues[gid] = falses[gid] = 0;

    public void Save(int gid, StateWriter writer)
    {
        writer.Write(trues[gid]);
        writer.Write(falses[gid]);
    }

    public void Load(int gid, BinaryReader reader)
    {
        trues[gid] = reader.ReadInt64();
        falses[gid] = reader.ReadInt64();
    }
}
