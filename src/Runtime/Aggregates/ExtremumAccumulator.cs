using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// min or max over an input that never retracts (the planner knows it is append-only): the group's
/// best value so far is all it needs, where a retractable min/max keeps a sorted multiset of every
/// value. BIGINT and timestamp arguments are compared unboxed. Its saved state has the multiset's
/// layout (a count, then value and multiplicity), so either accumulator reads the other's.
/// </summary>
public sealed class ExtremumAccumulator(bool max, DataType resultType) : IAccumulator
{
    private long[] longs = new long[16];
    private object?[] values = new object?[16];
    private bool[] has = new bool[16];

    public int BytesPerGroup => 17;

    public void EnsureGroups(int groups)
    {
        if (groups <= has.Length)
            return;
        int size = Math.Max(groups, has.Length * 2);
        Array.Resize(ref longs, size);
        Array.Resize(ref values, size);
        Array.Resize(ref has, size);
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        if (weight < 0)
            throw new InvalidOperationException($"{(max ? "max" : "min")} over an append-only input received a retraction");
        var a = args[0];
        if (a.IsNull(row))
            return;
        if (a.Column is Column<long> typed)
        {
            long v = typed.Values[a.At(row)];
            if (!has[gid] || (max ? v > longs[gid] : v < longs[gid]))
            {
                longs[gid] = v;
                has[gid] = true;
            }

            return;
        }

        var value = a.GetValue(row)!;
        if (!has[gid] || Better(value, values[gid]!))
        {
            values[gid] = value;
            has[gid] = true;
        }
    }

    private bool Better(object value, object current)
    {
        int c = BoxedValues.Compare(value, current);
        return max ? c > 0 : c < 0;
    }

    public void Write(int gid, Column output, int outRow)
    {
        if (!has[gid])
        {
            output.SetValue(outRow, null);
            return;
        }

        if (values[gid] is { } value)
        {
            output.SetValue(outRow, resultType.Kind == TypeKind.Int64 && value is not long ? Convert.ToInt64(value) : value);
            return;
        }

        if (output is Column<long> typed)
            typed.Set(outRow, longs[gid]);
        else
            output.SetValue(outRow, longs[gid]);
    }

    public void Reset(int gid)
    {
        has[gid] = false;
        values[gid] = null;
    }

    public void Save(int gid, StateWriter writer)
    {
        writer.Write(has[gid] ? 1 : 0);
        if (!has[gid])
            return;
        ValueCodec.Write(writer, values[gid] ?? longs[gid]);
        writer.Write(1L);
    }

    public void Load(int gid, BinaryReader reader)
    {
        Reset(gid);
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var value = ValueCodec.Read(reader)!;
            reader.ReadInt64();
            if (has[gid] && !Better(value, values[gid] ?? longs[gid]))
                continue;
            if (value is long l)
            {
                longs[gid] = l;
                values[gid] = null;
            }
            else
            {
                values[gid] = value;
            }

            has[gid] = true;
        }
    }
}
