using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// Aggregates that need the group's values themselves so that a retraction can be undone:
/// min, max (a sorted multiset of values with counts), and the exact distinct count used for
/// approx_count_distinct. A group's multiset exists only while it holds values.
/// </summary>
public sealed class MultisetAccumulator(string function, DataType resultType) : IAccumulator
{
    private static readonly Comparer<object?> Order = Comparer<object?>.Create(BoxedValues.Compare);
    private SortedDictionary<object, long>?[] sets = new SortedDictionary<object, long>?[16];

    public int BytesPerGroup => 8;

    public void EnsureGroups(int groups)
    {
        if (groups > sets.Length)
            Array.Resize(ref sets, Math.Max(groups, sets.Length * 2));
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var v = args[0].GetValue(row);
        if (v is null)
            return;
        var set = sets[gid] ??= new SortedDictionary<object, long>(Order!);
        set.TryGetValue(v, out long n);
        n += weight;
        if (n == 0)
            set.Remove(v);
        else
            set[v] = n;
        if (set.Count == 0)
            sets[gid] = null;
    }

    public void Write(int gid, Column output, int outRow)
    {
        var set = sets[gid];
        object? value = function switch
        {
            "min" => set is null ? null : set.First().Key,
            "max" => set is null ? null : set.Last().Key,
            _ => set is null ? 0L : (long)set.Count(kv => kv.Value > 0),
        };
        output.SetValue(outRow, value is null ? null : Coerce(value));
    }

    private object Coerce(object value) => resultType.Kind switch
    {
        TypeKind.Int64 when value is not long => Convert.ToInt64(value),
        _ => value,
    };

    public void Reset(int gid) => sets[gid] = null;

    public void Save(int gid, StateWriter writer)
    {
        var set = sets[gid];
        writer.Write(set?.Count ?? 0);
        if (set is null)
            return;
        foreach (var (k, n) in set)
        {
            ValueCodec.Write(writer, k);
            writer.Write(n);
        }
    }

    public void Load(int gid, BinaryReader reader)
    {
        int count = reader.ReadInt32();
        sets[gid] = null;
        for (int i = 0; i < count; i++)
        {
            var set = sets[gid] ??= new SortedDictionary<object, long>(Order!);
            set[ValueCodec.Read(reader)!] = reader.ReadInt64();
        }
    }
}
