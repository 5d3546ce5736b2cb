using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;
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
    private SumCount[] longs = [];
    private decimal[] decimals = [];
    private double[] doubles = [];
    private long[] counts = [];
    private int capacity;

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

    public int BytesPerGroup => UsesLong ? 16 : UsesDouble ? 16 : 24;

    public void EnsureGroups(int groups)
    {
        if (groups <= capacity)
            return;
        int size = Math.Max(groups, Math.Max(16, capacity * 2));
        capacity = size;
        if (UsesLong)
        {
            Array.Resize(ref longs, size);
            return;
        }
        Array.Resize(ref counts, size);
        if (UsesDouble)
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
            case Column<int> c: longs[gid].Sum += (long)c.Values[r] * weight; longs[gid].Count += weight; return;
            case Column<short> c: longs[gid].Sum += (long)c.Values[r] * weight; longs[gid].Count += weight; return;
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
        for (int i = 0; i < rows.Length; i++)
        {
            ref var slot = ref s[gids[i]];
            int w = weights[i];
            slot.Sum += (long)v[rows[i]] * w;
            slot.Count += w;
        }
    }

    public bool IsInt32Input => input == TypeKind.Int32;

    private long CountOf(int gid) => UsesLong ? longs[gid].Count : counts[gid];

    private long LongSum(int gid) => longs[gid].Sum;

    public void Write(int gid, Column output, int outRow)
    {
        long n = CountOf(gid);
        if (n == 0)
        {
            output.SetValue(outRow, null);
            return;
        }
        if (!average && UsesLong && output is Column<long> typed)
        {
            // sum(int) as bigint: the common case, written without boxing.
            typed.Set(outRow, longs[gid].Sum);
            return;
        }
        if (average)
        {
            object avg = result.Kind switch
            {
                TypeKind.Float64 or TypeKind.Float32 => UsesDouble ? doubles[gid] / n : (double)(UsesLong ? LongSum(gid) : decimals[gid]) / n,
                _ => NumericMath.Average(UsesLong ? LongSum(gid) : UsesDouble ? (decimal)doubles[gid] : decimals[gid], n),
            };
            output.SetValue(outRow, result.Kind == TypeKind.Float32 ? (float)(double)avg : avg);
            return;
        }
        object sum = result.Kind switch
        {
            TypeKind.Int64 => UsesLong ? LongSum(gid) : CheckedMath.ToInt64(decimals[gid]),
            TypeKind.Int32 => CheckedMath.ToInt32(UsesLong ? LongSum(gid) : (long)decimals[gid]),
            TypeKind.Float64 => UsesDouble ? doubles[gid] : (double)(UsesLong ? LongSum(gid) : decimals[gid]),
            TypeKind.Float32 => (float)(UsesDouble ? doubles[gid] : (double)(UsesLong ? LongSum(gid) : decimals[gid])),
            _ => UsesLong ? (decimal)LongSum(gid) : UsesDouble ? (decimal)doubles[gid] : decimals[gid],
        };
        output.SetValue(outRow, sum);
    }

    public void Reset(int gid)
    {
        if (UsesLong)
        {
            longs[gid] = default;
            return;
        }
        counts[gid] = 0;
        if (UsesDouble)
            doubles[gid] = 0;
        else
            decimals[gid] = 0;
    }

    public void Save(int gid, StateWriter writer)
    {
        writer.Write(CountOf(gid));
        if (UsesLong)
            writer.Write(LongSum(gid));
        else if (UsesDouble)
            writer.Write(doubles[gid]);
        else
            writer.Write(decimals[gid]);
    }

    public void Load(int gid, BinaryReader reader)
    {
        long count = reader.ReadInt64();
        if (UsesLong)
        {
            longs[gid] = new SumCount { Count = count, Sum = reader.ReadInt64() };
            return;
        }
        counts[gid] = count;
        if (UsesDouble)
            doubles[gid] = reader.ReadDouble();
        else
            decimals[gid] = reader.ReadDecimal();
    }

    /// <summary>The exact sum of a group's smallint/int values beside its count of non-null values.</summary>
    private struct SumCount
    {
        public long Sum;
        public long Count;
    }
}
