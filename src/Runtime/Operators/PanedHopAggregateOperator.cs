using System.Collections.Immutable;
using StreamSql.Runtime.Aggregates;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// HOP + GROUP BY window ... EMIT ON WINDOW CLOSE computed on panes: each row updates one group of
/// its slide-sized pane (instead of size / slide window groups), and when a window closes its
/// result merges the partial results of the panes it covers. Exact for count, sum, min, max and avg
/// (which merge), with the same lateness as assigning rows to windows: a row still counts in every
/// window that is open when it arrives, since windows are computed from pane state at close.
/// A pane's state is freed once the last window covering it has closed.
/// Built by the dataflow builder in place of WindowAssign(HOP) + HashAggregate when
/// <see cref="Supports"/> says the plan allows it.
/// </summary>
public sealed class PanedHopAggregateOperator : IOperator
{
    private readonly HashAggregateNode node;
    private readonly int timeColumn;
    private readonly long size;
    private readonly long slide;
    private readonly long offset;
    private readonly int[] keyColumns;          // input columns of the non-window group keys
    private readonly int[] tableKeys;           // 0 (pane start), then 1 + each key column
    private readonly int windowStartInput;
    private readonly int windowEndInput;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly Partial[] partials;
    private readonly CompiledExpression[][] arguments;
    private readonly ILateRowHandler late;
    private readonly IOperator downstream;
    private readonly GroupTable table;
    private readonly SortedDictionary<long, List<(int Gid, int Generation)>> panes = [];
    private long[] rowCounts = new long[64];
    private int[] generations = new int[64];
    private long watermark = long.MinValue;
    private long pending = long.MinValue;
    private long? lastEmittedStart;

    private enum Merge
    {
        RowCount,
        Add,
        Min,
        Max,
    }

    private sealed record Partial(int Aggregate, Merge Merge, IAccumulator? Accumulator, DataType Type);

    public PanedHopAggregateOperator(HashAggregateNode node, ExpressionCompiler compiler, ILateRowHandler late, IOperator downstream)
    {
        if (!Supports(node))
            throw new ArgumentException("plan is not a paned hop aggregate", nameof(node));
        var hop = (WindowAssignNode)node.Input;
        this.node = node;
        this.late = late;
        this.downstream = downstream;
        timeColumn = hop.TimeColumn;
        size = hop.Size.TotalMicros;
        slide = hop.Slide.TotalMicros;
        offset = hop.Offset.TotalMicros;
        windowStartInput = hop.Schema.Count - 2;
        windowEndInput = hop.Schema.Count - 1;
        keyColumns = [.. node.GroupKeys.Where(k => k != windowStartInput && k != windowEndInput)];
        tableKeys = [0, .. keyColumns.Select((_, i) => i + 1)];
        outputTypes = node.Schema.Types;
        var list = new List<Partial>();
        var args = new List<CompiledExpression[]>();
        for (int a = 0; a < node.Aggregates.Length; a++)
        {
            var call = node.Aggregates[a];
            var arg = call.Arguments.IsEmpty ? null : call.Arguments[0];
            switch (call.Function.ToLowerInvariant())
            {
                case "count" when arg is null:
                    list.Add(new Partial(a, Merge.RowCount, null, DataType.Int64));
                    break;
                case "count":
                    list.Add(new Partial(a, Merge.Add, new CountAccumulator(star: false), DataType.Int64));
                    break;
                case "sum":
                    list.Add(new Partial(a, Merge.Add, new SumAccumulator(arg!.Type, call.ResultType, average: false), call.ResultType));
                    break;
                case "min" or "max":
                    list.Add(new Partial(a, call.Function.Equals("min", StringComparison.OrdinalIgnoreCase) ? Merge.Min : Merge.Max,
                        new MultisetAccumulator(call.Function.ToLowerInvariant(), call.ResultType), call.ResultType));
                    break;
                default: // avg: a sum in the result's type, then a count
                    var sumType = call.ResultType.Kind is TypeKind.Float64 or TypeKind.Float32 ? DataType.Float64 : DataType.Numeric;
                    list.Add(new Partial(a, Merge.Add, new SumAccumulator(arg!.Type, sumType, average: false), sumType));
                    list.Add(new Partial(a, Merge.Add, new CountAccumulator(star: false), DataType.Int64));
                    break;
            }
            args.Add(arg is null ? [] : [compiler.Compile(arg)]);
        }
        partials = [.. list];
        arguments = [.. partials.Select(p => args[p.Aggregate])];
        table = new GroupTable([hop.Schema[windowStartInput].Type, .. keyColumns.Select(k => hop.Schema[k].Type)]);
        foreach (var p in partials)
            p.Accumulator?.EnsureGroups(64);
    }

    /// <summary>True for HOP feeding an ON WINDOW CLOSE aggregate of count/sum/min/max/avg without DISTINCT or FILTER.</summary>
    public static bool Supports(HashAggregateNode node)
    {
        if (node is not { Emit: EmitMode.OnWindowClose, WindowKey: int wk } || node.Input is not WindowAssignNode { Kind: WindowKind.Hop } hop)
            return false;
        if (!hop.Size.IsFixedLength || !hop.Slide.IsFixedLength || !hop.Offset.IsFixedLength || hop.Slide.TotalMicros <= 0
            || hop.Size.TotalMicros % hop.Slide.TotalMicros != 0)
            return false;
        int start = hop.Schema.Count - 2;
        if (node.GroupKeys[wk] != start && node.GroupKeys[wk] != start + 1)
            return false;
        return node.Aggregates.All(a => !a.Distinct && a.Filter is null && a.OrderKeys.IsEmpty && a.Arguments.Length <= 1
            && a.Function.ToLowerInvariant() switch
            {
                "count" => true,
                "min" or "max" => a.Arguments.Length == 1,
                "sum" or "avg" => a.Arguments.Length == 1 && a.Arguments[0].Type.IsNumber,
                _ => false,
            });
    }

    public int GroupCount => table.Count;

    public void OnBatch(Batch batch)
    {
        if (batch.RowCount == 0)
            return;
        var time = (Column<long>)batch.Columns[timeColumn];
        var paneStarts = (Column<long>)Column.Create(DataType.Timestamp, batch.Length, pooled: true);
        var columns = new Column[1 + keyColumns.Length];
        columns[0] = paneStarts;
        for (int k = 0; k < keyColumns.Length; k++)
            columns[k + 1] = batch.Columns[keyColumns[k]];
        var evaluated = arguments.Select(a => a.Select(e => e.Evaluate(batch)).ToArray()).ToArray();
        List<int>? lateRows = null;
        try
        {
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                if (time.IsNull(r) || !WindowMath.HasWindows(time.Values[r], size, offset))
                    continue;
                long pane = WindowMath.Align(time.Values[r], slide, offset);
                // Late only when the last window containing the row, [pane, pane + size), is closed.
                if (pane + size <= watermark)
                {
                    (lateRows ??= []).Add(r);
                    continue;
                }
                paneStarts.Values[r] = pane;
                int hash = GroupTable.HashRow(columns, tableKeys, r);
                int gid = table.FindOrAdd(columns, tableKeys, r, hash, out bool added);
                if (added)
                    OnGroupAdded(gid, pane);
                int w = batch.Weights[r];
                rowCounts[gid] += w;
                for (int p = 0; p < partials.Length; p++)
                    partials[p].Accumulator?.Update(gid, evaluated[p], r, w);
            }
            if (lateRows is not null)
                late.OnLateRows(batch, lateRows.ToArray());
        }
        finally
        {
            paneStarts.Release();
            foreach (var row in evaluated)
                foreach (var e in row)
                    e.Release();
        }
    }

    private void OnGroupAdded(int gid, long pane)
    {
        if (gid >= rowCounts.Length)
        {
            Array.Resize(ref rowCounts, Math.Max(gid + 1, rowCounts.Length * 2));
            Array.Resize(ref generations, rowCounts.Length);
        }
        foreach (var p in partials)
            p.Accumulator?.EnsureGroups(table.IdLimit);
        if (!panes.TryGetValue(pane, out var list))
            panes[pane] = list = [];
        list.Add((gid, generations[gid]));
    }

    public void OnWatermark(Watermark wm)
    {
        if (wm.Column == timeColumn && wm.Value > pending)
            pending = wm.Value;
    }

    public void OnEpochEnd(long epoch)
    {
        if (pending > watermark)
        {
            watermark = pending;
            var builder = new BatchBuilder(outputTypes, 64);
            EmitClosedWindows(builder);
            FreePanes();
            if (builder.Count > 0)
            {
                using var batch = builder.Build();
                downstream.OnBatch(batch);
            }
            if (lastEmittedStart is long s)
            {
                for (int k = 0; k < node.GroupKeys.Length; k++)
                {
                    if (node.GroupKeys[k] == windowStartInput)
                        downstream.OnWatermark(new Watermark(k, s + slide));
                    else if (node.GroupKeys[k] == windowEndInput)
                        downstream.OnWatermark(new Watermark(k, s + slide + size));
                }
            }
        }
        downstream.OnEpochEnd(epoch);
    }

    private void EmitClosedWindows(BatchBuilder builder)
    {
        if (panes.Count == 0)
            return;
        long firstPane = panes.Keys.First();
        long s = Math.Max(lastEmittedStart is long last ? last + slide : long.MinValue, firstPane - size + slide);
        for (; s + size <= watermark; s += slide)
        {
            if (!AnyPaneIn(s))
            {
                // Skip a gap without data straight to the first window that has some.
                long next = panes.Keys.FirstOrDefault(p => p >= s + size, long.MinValue);
                if (next == long.MinValue)
                {
                    lastEmittedStart = s + ((watermark - size - s) / slide) * slide;
                    return;
                }
                long jump = next - size + slide;
                if (jump > s)
                {
                    s = jump - slide;
                    continue;
                }
            }
            EmitWindow(builder, s);
            lastEmittedStart = s;
        }
    }

    private bool AnyPaneIn(long start)
    {
        for (long p = start; p < start + size; p += slide)
            if (panes.ContainsKey(p))
                return true;
        return false;
    }

    private void EmitWindow(BatchBuilder builder, long start)
    {
        var merged = new Dictionary<RowKey, object?[]>();
        var scratch = partials.Select(p => Column.Create(p.Type, 1)).ToArray();
        for (long p = start; p < start + size; p += slide)
        {
            if (!panes.TryGetValue(p, out var list))
                continue;
            foreach (var (gid, gen) in list)
            {
                if (!table.Live[gid] || generations[gid] != gen || rowCounts[gid] == 0)
                    continue;
                var key = new object?[keyColumns.Length];
                for (int k = 0; k < key.Length; k++)
                    key[k] = table.Keys[k + 1].GetValue(gid);
                var rowKey = new RowKey(key);
                if (!merged.TryGetValue(rowKey, out var acc))
                    merged[rowKey] = acc = new object?[partials.Length];
                for (int i = 0; i < partials.Length; i++)
                {
                    object? value;
                    if (partials[i].Merge == Merge.RowCount)
                    {
                        value = rowCounts[gid];
                    }
                    else
                    {
                        partials[i].Accumulator!.Write(gid, scratch[i], 0);
                        value = scratch[i].GetValue(0);
                    }
                    acc[i] = Combine(partials[i].Merge, acc[i], value);
                }
            }
        }
        foreach (var (key, values) in merged)
        {
            int o = builder.BeginRow(1);
            int keyIndex = 0;
            for (int k = 0; k < node.GroupKeys.Length; k++)
            {
                int input = node.GroupKeys[k];
                builder[k].SetValue(o, input == windowStartInput ? start : input == windowEndInput ? start + size : key.Values[keyIndex++]);
            }
            int pi = 0;
            for (int a = 0; a < node.Aggregates.Length; a++)
            {
                var call = node.Aggregates[a];
                object? result;
                if (call.Function.Equals("avg", StringComparison.OrdinalIgnoreCase))
                {
                    var sum = values[pi++];
                    var count = values[pi++] is long c ? c : 0;
                    result = sum is null || count == 0 ? null : call.ResultType.Kind switch
                    {
                        TypeKind.Float64 => Convert.ToDouble(sum) / count,
                        TypeKind.Float32 => (float)(Convert.ToDouble(sum) / count),
                        _ => NumericMath.Average(Convert.ToDecimal(sum), count),
                    };
                }
                else
                {
                    result = values[pi++];
                    if (result is null && call.Function.Equals("count", StringComparison.OrdinalIgnoreCase))
                        result = 0L;
                }
                builder[node.GroupKeys.Length + a].SetValue(o, result);
            }
        }
    }

    private static object? Combine(Merge merge, object? current, object? value)
    {
        if (value is null)
            return current;
        if (current is null)
            return value;
        return merge switch
        {
            Merge.Min => BoxedValues.Compare(value, current) < 0 ? value : current,
            Merge.Max => BoxedValues.Compare(value, current) > 0 ? value : current,
            _ => (current, value) switch
            {
                (long a, long b) => CheckedMath.Add(a, b),
                (decimal a, decimal b) => NumericMath.Add(a, b),
                (double a, double b) => a + b,
                (float a, float b) => a + b,
                (int a, int b) => CheckedMath.Add(a, b),
                (short a, short b) => CheckedMath.Add(a, b),
                _ => throw new InvalidOperationException($"cannot add {current.GetType()} and {value.GetType()}"),
            },
        };
    }

    /// <summary>Frees panes whose last window, [pane, pane + size), has closed.</summary>
    private void FreePanes()
    {
        while (panes.Count > 0)
        {
            var first = panes.First();
            if (first.Key + size > watermark)
                break;
            panes.Remove(first.Key);
            foreach (var (gid, gen) in first.Value)
            {
                if (!table.Live[gid] || generations[gid] != gen)
                    continue;
                table.Remove(gid);
                foreach (var p in partials)
                    p.Accumulator?.Reset(gid);
                rowCounts[gid] = 0;
                generations[gid]++;
            }
        }
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(watermark);
        w.Write(pending);
        w.Write(lastEmittedStart ?? long.MinValue);
        w.Write(table.Count);
        foreach (int gid in table.LiveIds())
        {
            for (int k = 0; k < tableKeys.Length; k++)
                ValueCodec.Write(w, table.Keys[k].GetValue(gid));
            w.Write(rowCounts[gid]);
            foreach (var p in partials)
                p.Accumulator?.Save(gid, w);
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        foreach (int gid in table.LiveIds().ToList())
        {
            table.Remove(gid);
            foreach (var p in partials)
                p.Accumulator?.Reset(gid);
            rowCounts[gid] = 0;
            generations[gid]++;
        }
        panes.Clear();
        watermark = r.ReadInt64();
        pending = r.ReadInt64();
        long last = r.ReadInt64();
        lastEmittedStart = last == long.MinValue ? null : last;
        int count = r.ReadInt32();
        var keys = table.KeyTypes.Select(t => Column.Create(t, 1)).ToArray();
        var positions = Enumerable.Range(0, keys.Length).ToArray();
        for (int i = 0; i < count; i++)
        {
            for (int k = 0; k < keys.Length; k++)
                keys[k].SetValue(0, ValueCodec.Read(r));
            int gid = table.FindOrAdd(keys, positions, 0, GroupTable.HashRow(keys, positions, 0), out bool added);
            if (added)
                OnGroupAdded(gid, (long)keys[0].GetValue(0)!);
            rowCounts[gid] = r.ReadInt64();
            foreach (var p in partials)
                p.Accumulator?.Load(gid, r);
        }
    }
}
