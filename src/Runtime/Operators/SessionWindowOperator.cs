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
/// SESSION windows per group key. Each key keeps its open rows in time order; a session is a run
/// of rows where each starts at or before the previous row's time + gap (sessions that touch merge,
/// as Flink's do), spanning [first time, last time + gap). At the end of an epoch the sessions of every changed key are recomputed and
/// diffed against what was emitted (ON UPDATE), so merges and splits under retractions come out
/// right. Sessions whose end the watermark reaches close: emitted then (ON WINDOW CLOSE) and freed.
/// A row that could only belong to a closed session (time + gap &lt;= watermark) is late.
/// </summary>
public sealed class SessionWindowOperator : IOperator
{
    private readonly SessionWindowAggregateNode node;
    private readonly CompiledExpression[][] arguments;
    private readonly CompiledExpression?[] filters;
    private readonly ImmutableArray<DataType> inputTypes;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly long gap;
    private readonly ILateRowHandler late;
    private readonly IOperator downstream;
    private readonly Dictionary<RowKey, KeyState> keys = [];
    private readonly HashSet<RowKey> dirty = [];
    private long watermark = long.MinValue;
    private long pending = long.MinValue;

    public SessionWindowOperator(SessionWindowAggregateNode node, ExpressionCompiler compiler, ILateRowHandler late, IOperator downstream)
    {
        if (!node.Gap.IsFixedLength || node.Gap.TotalMicros <= 0)
            throw new SqlStateException(SqlStateException.InvalidParameterValue, "session gap must be a positive fixed interval");
        this.node = node;
        gap = node.Gap.TotalMicros;
        arguments = [.. node.Aggregates.Select(a => a.Arguments.Select(compiler.Compile)
            .Concat(a.OrderKeys.Select(k => compiler.Compile(new ColumnExpression(k.Column, node.Input.Schema[k.Column].Type))))
            .ToArray())];
        filters = [.. node.Aggregates.Select(a => a.Filter is null ? null : compiler.Compile(a.Filter))];
        inputTypes = node.Input.Schema.Types;
        outputTypes = node.Schema.Types;
        this.late = late;
        this.downstream = downstream;
    }

    private sealed class KeyState
    {
        public SortedDictionary<long, Dictionary<RowKey, long>> Rows { get; } = [];

        public List<object?[]> Emitted { get; set; } = [];
    }

    public void OnBatch(Batch batch)
    {
        var time = (Column<long>)batch.Columns[node.TimeColumn];
        List<int>? lateRows = null;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (time.IsNull(r))
                continue;
            long t = time.Values[r];
            if (t + gap <= watermark)
            {
                (lateRows ??= []).Add(r);
                continue;
            }
            var row = batch.GetRow(r);
            var key = new RowKey([.. node.GroupKeys.Select(k => row[k])]);
            if (!keys.TryGetValue(key, out var state))
                keys[key] = state = new KeyState();
            if (!state.Rows.TryGetValue(t, out var at))
                state.Rows[t] = at = [];
            var rowKey = new RowKey(row);
            long n = at.GetValueOrDefault(rowKey) + batch.Weights[r];
            if (n == 0)
                at.Remove(rowKey);
            else
                at[rowKey] = n;
            if (at.Count == 0)
                state.Rows.Remove(t);
            dirty.Add(key);
        }
        if (lateRows is not null)
            late.OnLateRows(batch, lateRows.ToArray());
    }

    /// <summary>The sessions of a key: (start, end, rows with weights).</summary>
    private List<(long Start, long End, List<(object?[] Row, int Weight)> Rows)> Sessions(KeyState state)
    {
        var sessions = new List<(long, long, List<(object?[], int)>)>();
        List<(object?[], int)>? current = null;
        long start = 0, end = long.MinValue;
        foreach (var (t, rows) in state.Rows)
        {
            if (current is null || t > end)
            {
                if (current is not null)
                    sessions.Add((start, end, current));
                current = [];
                start = t;
            }
            end = t + gap;
            foreach (var (row, n) in rows)
                current.Add((row.Values, (int)n));
        }
        if (current is not null)
            sessions.Add((start, end, current));
        return sessions;
    }

    private object?[] OutputRow(RowKey key, long start, long end, List<(object?[] Row, int Weight)> rows)
    {
        var result = new object?[outputTypes.Length];
        int k = 0;
        foreach (var v in key.Values)
            result[k++] = v;
        result[k++] = start;
        result[k++] = end;
        using var batch = Batch.FromRows(inputTypes, rows);
        for (int a = 0; a < node.Aggregates.Length; a++)
        {
            var acc = AccumulatorFactory.Create(node.Aggregates[a]);
            acc.EnsureGroups(1);
            var args = arguments[a].Select(e => e.Evaluate(batch)).ToArray();
            var cond = filters[a]?.Evaluate(batch);
            try
            {
                for (int r = 0; r < batch.RowCount; r++)
                {
                    if (cond is EvalResult c && (c.IsNull(r) || !((Column<bool>)c.Column).Values[c.At(r)]))
                        continue;
                    acc.Update(0, args, r, batch.Weights[r]);
                }
                var cell = Column.Create(outputTypes[k], 1);
                acc.Write(0, cell, 0);
                result[k++] = cell.GetValue(0);
            }
            finally
            {
                foreach (var arg in args)
                    arg.Release();
                cond?.Release();
            }
        }
        return result;
    }

    public void OnWatermark(Watermark wm)
    {
        if (wm.Column == node.TimeColumn && wm.Value > pending)
            pending = wm.Value;
    }

    public void OnEpochEnd(long epoch)
    {
        var builder = new BatchBuilder(outputTypes, 16);
        if (node.Emit == EmitMode.OnUpdate)
        {
            foreach (var key in dirty)
            {
                var state = keys[key];
                var now = Sessions(state).Select(s => OutputRow(key, s.Start, s.End, s.Rows)).ToList();
                Diff(builder, state.Emitted, now);
                state.Emitted = now;
            }
        }
        dirty.Clear();
        if (pending > watermark)
        {
            watermark = pending;
            foreach (var (key, state) in keys.ToList())
            {
                foreach (var s in Sessions(state))
                {
                    if (s.End > watermark)
                        break;
                    if (node.Emit == EmitMode.OnWindowClose)
                        builder.AddRow(OutputRow(key, s.Start, s.End, s.Rows), 1);
                    else
                        state.Emitted.RemoveAll(e => e[node.GroupKeys.Length] is long st && st == s.Start);
                    foreach (var t in state.Rows.Keys.Where(t => t >= s.Start && t < s.End).ToList())
                        state.Rows.Remove(t);
                }
                if (state.Rows.Count == 0 && state.Emitted.Count == 0)
                    keys.Remove(key);
            }
        }
        if (builder.Count > 0)
        {
            using var batch = builder.Build();
            downstream.OnBatch(batch);
        }
        downstream.OnEpochEnd(epoch);
    }

    private static void Diff(BatchBuilder builder, List<object?[]> old, List<object?[]> now)
    {
        var diff = new Dictionary<RowKey, long>();
        foreach (var row in old)
            diff[new RowKey(row)] = diff.GetValueOrDefault(new RowKey(row)) - 1;
        foreach (var row in now)
            diff[new RowKey(row)] = diff.GetValueOrDefault(new RowKey(row)) + 1;
        foreach (var (row, n) in diff)
            if (n != 0)
                builder.AddRow(row.Values, (int)n);
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(watermark);
        w.Write(pending);
        w.Write(keys.Count);
        foreach (var (key, state) in keys)
        {
            ValueCodec.WriteRow(w, key.Values);
            var rows = state.Rows.SelectMany(kv => kv.Value).ToList();
            w.Write(rows.Count);
            foreach (var (row, n) in rows)
            {
                ValueCodec.WriteRow(w, row.Values);
                w.Write(n);
            }
            w.Write(state.Emitted.Count);
            foreach (var e in state.Emitted)
                ValueCodec.WriteRow(w, e);
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        keys.Clear();
        dirty.Clear();
        watermark = r.ReadInt64();
        pending = r.ReadInt64();
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var key = new RowKey(ValueCodec.ReadRow(r));
            var state = new KeyState();
            int rows = r.ReadInt32();
            for (int j = 0; j < rows; j++)
            {
                var row = ValueCodec.ReadRow(r);
                long n = r.ReadInt64();
                long t = (long)row[node.TimeColumn]!;
                if (!state.Rows.TryGetValue(t, out var at))
                    state.Rows[t] = at = [];
                at[new RowKey(row)] = n;
            }
            int emitted = r.ReadInt32();
            for (int j = 0; j < emitted; j++)
                state.Emitted.Add(ValueCodec.ReadRow(r));
            keys[key] = state;
        }
    }
}
