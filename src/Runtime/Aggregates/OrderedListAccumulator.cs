using System.Collections.Immutable;
using System.Text;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Aggregates;

/// <summary>
/// string_agg, array_agg, first_value and last_value: the group's rows kept as entries
/// (value, delimiter, order keys) in arrival order; a retraction removes one equal entry. Results
/// sort the entries by the call's ORDER BY (stable, so ties keep arrival order).
/// Arguments: the call's own, then one per ORDER BY key.
/// </summary>
public sealed class OrderedListAccumulator(string function, int valueArgs, ImmutableArray<SortKey> orderBy) : IAccumulator
{
    private List<object?[]>?[] groups = new List<object?[]>?[16];

    public int BytesPerGroup => 8;

    public void EnsureGroups(int count)
    {
        if (count > groups.Length)
            Array.Resize(ref groups, Math.Max(count, groups.Length * 2));
    }

    public void Update(int gid, EvalResult[] args, int row, int weight)
    {
        var entry = new object?[args.Length];
        for (int i = 0; i < args.Length; i++)
            entry[i] = args[i].GetValue(row);
        var list = groups[gid] ??= [];
        if (weight > 0)
        {
            for (int k = 0; k < weight; k++)
                list.Add(entry);
            return;
        }
        for (int k = 0; k < -weight; k++)
        {
            int at = list.FindIndex(e => BoxedValues.RowEquals(e, entry));
            if (at >= 0)
                list.RemoveAt(at);
        }
        if (list.Count == 0)
            groups[gid] = null;
    }

    private List<object?[]> Sorted(List<object?[]> list)
    {
        if (orderBy.IsEmpty)
            return list;
        var sorted = new List<object?[]>(list);
        var indexed = sorted.Select((e, i) => (e, i)).ToList();
        indexed.Sort((x, y) =>
        {
            for (int k = 0; k < orderBy.Length; k++)
            {
                var key = orderBy[k];
                object? a = x.e[valueArgs + k], b = y.e[valueArgs + k];
                int c;
                if (a is null || b is null)
                    c = a is null && b is null ? 0 : (a is null) == key.NullsFirst ? -1 : 1;
                else
                    c = key.Descending ? BoxedValues.Compare(b, a) : BoxedValues.Compare(a, b);
                if (c != 0)
                    return c;
            }
            return x.i.CompareTo(y.i);
        });
        return [.. indexed.Select(p => p.e)];
    }

    public void Write(int gid, Column output, int outRow)
    {
        var list = groups[gid];
        if (list is null || list.Count == 0)
        {
            output.SetValue(outRow, null);
            return;
        }
        var sorted = Sorted(list);
        switch (function)
        {
            case "string_agg":
                var sb = new StringBuilder();
                bool any = false;
                foreach (var e in sorted)
                {
                    if (e[0] is not string s)
                        continue;
                    if (any && e.Length > 1 && e[1] is string d)
                        sb.Append(d);
                    sb.Append(s);
                    any = true;
                }
                output.SetValue(outRow, any ? sb.ToString() : null);
                break;
            case "array_agg":
                output.SetValue(outRow, sorted.Select(e => e[0]).ToArray());
                break;
            case "first_value":
                output.SetValue(outRow, sorted[0][0]);
                break;
            default:
                output.SetValue(outRow, sorted[^1][0]);
                break;
        }
    }

    public void Reset(int gid) => groups[gid] = null;

    public void Save(int gid, StateWriter writer)
    {
        var list = groups[gid];
        writer.Write(list?.Count ?? 0);
        if (list is not null)
            foreach (var e in list)
                ValueCodec.WriteRow(writer, e);
    }

    public void Load(int gid, BinaryReader reader)
    {
        int n = reader.ReadInt32();
        groups[gid] = null;
        for (int i = 0; i < n; i++)
            (groups[gid] ??= []).Add(ValueCodec.ReadRow(reader));
    }
}
