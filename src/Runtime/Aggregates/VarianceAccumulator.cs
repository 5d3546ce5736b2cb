using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// var_samp / stddev_samp from the count, sum and sum of squares (exact in decimal for integer and
/// numeric input, whose result is numeric; double for float input). NULL with fewer than two values.
/// </summary>
public sealed class VarianceAccumulator(bool standardDeviation, DataType resultType) : IAccumulator
{
    private long[] counts = new long[16];
    private decimal[] sums = new decimal[16];
    private decimal[] squares = new decimal[16];
    private double[] dsums = new double[16];
    private double[] dsquares = new double[16];

    public int BytesPerGroup => 8 + 32;

    public void EnsureGroups(int groups)
    {
        if (groups <= counts.Length)
            return;
        int size = Math.Max(groups, counts.Length * 2);
        Array.Resize(ref counts, size);
        Array.Resize(ref sums, size);
        Array.Resize(ref squares, size);
        Array.Resize(ref dsums, size);
        Array.Resize(ref dsquares, size);
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var v = args[0].GetValue(row);
        if (v is null)
            return;
        if (v is double or float)
        {
            double d = Convert.ToDouble(v);
            dsums[gid] += d * weight;
            dsquares[gid] += d * d * weight;
        }
        else
        {
            decimal m = Convert.ToDecimal(v);
            sums[gid] += m * weight;
            squares[gid] += m * m * weight;
        }
        counts[gid] += weight;
    }

    public void Write(int gid, Column output, int outRow)
    {
        long n = counts[gid];
        if (n < 2)
        {
            output.SetValue(outRow, null);
            return;
        }
        if (resultType.Kind is TypeKind.Float64 or TypeKind.Float32)
        {
            double mean = dsums[gid] / n;
            double variance = Math.Max(0, (dsquares[gid] - n * mean * mean) / (n - 1));
            double value = standardDeviation ? Math.Sqrt(variance) : variance;
            output.SetValue(outRow, resultType.Kind == TypeKind.Float32 ? (float)value : value);
        }
        else
        {
            output.SetValue(outRow, NumericMath.VarianceSample(sums[gid], squares[gid], n, standardDeviation));
        }
    }

    public void Reset(int gid)
    {
        counts[gid] = 0;
        sums[gid] = squares[gid] = 0;
        dsums[gid] = dsquares[gid] = 0;
    }

    public void Save(int gid, StateWriter writer)
    {
        writer.Write(counts[gid]);
        writer.Write(sums[gid]);
        writer.Write(squares[gid]);
        writer.Write(dsums[gid]);
        writer.Write(dsquares[gid]);
    }

    public void Load(int gid, BinaryReader reader)
    {
        counts[gid] = reader.ReadInt64();
        sums[gid] = reader.ReadDecimal();
        squares[gid] = reader.ReadDecimal();
        dsums[gid] = reader.ReadDouble();
        dsquares[gid] = reader.ReadDouble();
    }
}
