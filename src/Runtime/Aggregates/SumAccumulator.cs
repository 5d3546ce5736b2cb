using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// sum(x) and avg(x): integers summed exactly in a long (smallint/int input) or a decimal (bigint and
/// numeric input), floats in a double. The count of non-null values makes sum NULL for a group with
/// none, and gives avg its divisor. Result types follow PostgreSQL (sum(int) bigint, sum(bigint)
/// numeric, avg(int) numeric, avg(double) double).
/// </summary>
public sealed class SumAccumulator : IAccumulator
{
    private readonly TypeKind input;
    private readonly DataType result;
    private readonly bool average;
    private long[] longs = [];
    private decimal[] decimals = [];
    private double[] doubles = [];
    private long[] counts = new long[16];

    public SumAccumulator(DataType inputType, DataType resultType, bool average)
    {
        input = inputType.Kind;
        result = resultType;
        this.average = average;
        if (input is not (TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Numeric or TypeKind.Float32 or TypeKind.Float64))
            throw new SqlStateException(SqlStateException.UndefinedFunction, $"function {(average ? "avg" : "sum")}({inputType}) does not exist");
        EnsureGroups(16);
    }

    private bool UsesLong => input is TypeKind.Int16 or TypeKind.Int32;

    private bool UsesDouble => input is TypeKind.Float32 or TypeKind.Float64;

    public int BytesPerGroup => 8 + (UsesLong || UsesDouble ? 8 : 16);

    public void EnsureGroups(int groups)
    {
        if (groups <= counts.Length && (UsesLong ? longs.Length : UsesDouble ? doubles.Length : decimals.Length) >= counts.Length)
            return;
        int size = Math.Max(groups, counts.Length * 2);
        Array.Resize(ref counts, size);
        if (UsesLong)
            Array.Resize(ref longs, size);
        else if (UsesDouble)
            Array.Resize(ref doubles, size);
        else
            Array.Resize(ref decimals, size);
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var a = args[0];
        if (a.IsNull(row))
            return;
        int r = a.At(row);
        switch (a.Column)
        {
            case Column<int> c: longs[gid] += (long)c.Values[r] * weight; break;
            case Column<short> c: longs[gid] += (long)c.Values[r] * weight; break;
            case Column<long> c: decimals[gid] += (decimal)c.Values[r] * weight; break;
            case Column<decimal> c: decimals[gid] += c.Values[r] * weight; break;
            case Column<double> c: doubles[gid] += c.Values[r] * weight; break;
            case Column<float> c: doubles[gid] += c.Values[r] * weight; break;
        }
        counts[gid] += weight;
    }

    /// <summary>The typed fast path for an int column: sums and counts per group in one loop.</summary>
    public void UpdateInt32(Column<int> values, ReadOnlySpan<int> rows, ReadOnlySpan<int> gids, ReadOnlySpan<int> weights)
    {
        var v = values.Values;
        var s = longs;
        var n = counts;
        for (int i = 0; i < rows.Length; i++)
        {
            int g = gids[i];
            int w = weights[i];
            s[g] += (long)v[rows[i]] * w;
            n[g] += w;
        }
    }

    public bool IsInt32Input => input == TypeKind.Int32;

    public void Write(int gid, Column output, int outRow)
    {
        long n = counts[gid];
        if (n == 0)
        {
            output.SetValue(outRow, null);
            return;
        }
        if (average)
        {
            object avg = result.Kind switch
            {
                TypeKind.Float64 or TypeKind.Float32 => UsesDouble ? doubles[gid] / n : (double)(UsesLong ? longs[gid] : decimals[gid]) / n,
                _ => NumericMath.Average(UsesLong ? longs[gid] : UsesDouble ? (decimal)doubles[gid] : decimals[gid], n),
            };
            output.SetValue(outRow, result.Kind == TypeKind.Float32 ? (float)(double)avg : avg);
            return;
        }
        object sum = result.Kind switch
        {
            TypeKind.Int64 => UsesLong ? longs[gid] : CheckedMath.ToInt64(decimals[gid]),
            TypeKind.Int32 => CheckedMath.ToInt32(UsesLong ? longs[gid] : (long)decimals[gid]),
            TypeKind.Float64 => UsesDouble ? doubles[gid] : (double)(UsesLong ? longs[gid] : decimals[gid]),
            TypeKind.Float32 => (float)(UsesDouble ? doubles[gid] : (double)(UsesLong ? longs[gid] : decimals[gid])),
            _ => UsesLong ? (decimal)longs[gid] : UsesDouble ? (decimal)doubles[gid] : decimals[gid],
        };
        output.SetValue(outRow, sum);
    }

    public void Reset(int gid)
    {
        counts[gid] = 0;
        if (UsesLong)
            longs[gid] = 0;
        else if (UsesDouble)
            doubles[gid] = 0;
        else
            decimals[gid] = 0;
    }

    public void Save(int gid, BinaryWriter writer)
    {
        writer.Write(counts[gid]);
        if (UsesLong)
            writer.Write(longs[gid]);
        else if (UsesDouble)
            writer.Write(doubles[gid]);
        else
            writer.Write(decimals[gid]);
    }

    public void Load(int gid, BinaryReader reader)
    {
        counts[gid] = reader.ReadInt64();
        if (UsesLong)
            longs[gid] = reader.ReadInt64();
        else if (UsesDouble)
            doubles[gid] = reader.ReadDouble();
        else
            decimals[gid] = reader.ReadDecimal();
    }
}
