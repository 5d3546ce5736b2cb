using System.Buffers;
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
/// Group-by aggregation over a changelog. Groups live in a <see cref="GroupTable"/>; every aggregate
/// keeps retractable state per group id. ON UPDATE: at the end of an epoch each group that changed
/// emits -old +new (nothing when the result is unchanged; only -old when the group emptied).
/// ON WINDOW CLOSE: a group is emitted once, when the watermark on its window key passes it.
/// With a window key, closed groups free their state and later rows for them are late.
/// A global aggregate (no keys) always has exactly one output row.
/// </summary>
public sealed class HashAggregateOperator : IOperator
{
    private readonly int[] groupKeys;
    private readonly IAccumulator[] accumulators;
    private readonly bool[] countsRows;
    private readonly CompiledExpression[][] arguments;
    private readonly CompiledExpression?[] filters;
    private readonly EmitMode emit;
    private readonly int windowKeyPosition;
    private readonly int windowInputColumn;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly ILateRowHandler late;
    private readonly IOperator downstream;
    private readonly GroupTable table;
    private readonly BatchBuilder oldRows;
    private readonly BatchBuilder output;
    private readonly List<int> dirtyList = [];
    // For checkpoint deltas (once BeginDelta has run): groups changed since the last checkpoint, and
    // the keys of groups freed since (a freed id may already hold another group).
    private bool trackingDelta;
    private readonly List<int> changedGroups = [];
    // The keys of the freed groups, written as a delta holds them when each is freed (no object per key).
    private readonly MemoryStream freedKeys = new();
    private readonly StateWriter freedKeyWriter;
    private int freedKeyCount;
    private readonly SortedDictionary<long, List<(int Gid, short Generation)>> windows = [];
    private readonly Dictionary<int, long> pendingKeyWatermarks = [];
    // Per-group bookkeeping in one array of structs: a row touches one cache line, not five arrays.
    private GroupState[] groups = new GroupState[64];
    private long windowWatermark = long.MinValue;
    private long pendingWatermark = long.MinValue;

    /// <summary>The state of each aggregate call, in the node's order (for tests and stats).</summary>
    internal IReadOnlyList<IAccumulator> Accumulators => accumulators;

    public HashAggregateOperator(HashAggregateNode node, ExpressionCompiler compiler, ILateRowHandler late, IOperator downstream)
    {
        groupKeys = [.. node.GroupKeys];
        emit = node.Emit;
        if (emit == EmitMode.OnWindowClose && node.WindowKey is null)
            throw new SqlStateException(SqlStateException.FeatureNotSupported,
                "EMIT ON WINDOW CLOSE needs a window column with a watermark among the group keys");
        windowKeyPosition = node.WindowKey ?? -1;
        windowInputColumn = node.WindowKey is int wk ? groupKeys[wk] : -1;
        // count(*) without FILTER is the group's row count, which the operator keeps anyway.
        countsRows = [.. node.Aggregates.Select(a => a.Function.Equals("count", StringComparison.OrdinalIgnoreCase)
            && a.Arguments.IsEmpty && a.Filter is null)];
        bool appendOnly = node.Input.Mode == ChangelogMode.AppendOnly;
        accumulators = [.. node.Aggregates.Select((a, i) => countsRows[i] ? new RowCountAccumulator() : AccumulatorFactory.Create(a, appendOnly))];
        arguments = [.. node.Aggregates.Select(a => a.Arguments.Select(compiler.Compile)
            .Concat(a.OrderKeys.Select(k => compiler.Compile(new ColumnExpression(k.Column, node.Input.Schema[k.Column].Type))))
            .ToArray())];
        filters = [.. node.Aggregates.Select(a => a.Filter is null ? null : compiler.Compile(a.Filter))];
        outputTypes = node.Schema.Types;
        this.late = late;
        this.downstream = downstream;
        table = new GroupTable([.. groupKeys.Select(k => node.Input.Schema[k].Type)]);
        freedKeyWriter = new StateWriter(freedKeys);
        oldRows = new BatchBuilder(outputTypes, 64);
        output = new BatchBuilder(outputTypes, 64);
        foreach (var acc in accumulators)
            acc.EnsureGroups(64);
        if (groupKeys.Length == 0)
        {
            // The single group of a global aggregate exists from the start and reports on the first epoch.
            int gid = table.FindOrAdd([], [], 0, GroupTable.HashRow([], [], 0), out _);
            Touch(gid);
        }
    }

    /// <summary>Live groups (for stats and the state-size benchmark).</summary>
    public int GroupCount => table.Count;

    /// <summary>Approximate bytes of state per live group.</summary>
    public double BytesPerGroup()
    {
        if (table.Count == 0)
            return 0;
        long bytes = table.ApproximateBytes() + (long)groups.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<GroupState>();
        foreach (var acc in accumulators)
            bytes += (long)table.Capacity * acc.BytesPerGroup;
        return (double)bytes / table.Count;
    }

    public void OnBatch(Batch batch)
    {
        int n = batch.RowCount;
        if (n == 0)
            return;
        var rows = ArrayPool<int>.Shared.Rent(n);
        var gids = ArrayPool<int>.Shared.Rent(n);
        var weights = ArrayPool<int>.Shared.Rent(n);
        int m = 0;
        try
        {
            var columns = batch.Columns;
            Column<long>? windowColumn = windowInputColumn >= 0 ? (Column<long>)columns[windowInputColumn] : null;
            List<int>? lateRows = null;
            for (int i = 0; i < n; i++)
            {
                int r = batch.RowIndex(i);
                if (windowColumn is not null && !windowColumn.IsNull(r) && windowColumn.Values[r] < windowWatermark)
                {
                    (lateRows ??= []).Add(r);
                    continue;
                }
                int hash = GroupTable.HashRow(columns, groupKeys, r);
                int gid = table.FindOrAdd(columns, groupKeys, r, hash, out bool added);
                if (added)
                    OnGroupAdded(gid, windowColumn, r);
                if (!groups[gid].Dirty)
                    Touch(gid);
                int w = batch.Weights[r];
                groups[gid].RowCount += w;
                rows[m] = r;
                gids[m] = gid;
                weights[m] = w;
                m++;
            }
            if (lateRows is not null)
                late.OnLateRows(batch, lateRows.ToArray());
            for (int a = 0; a < accumulators.Length; a++)
                Accumulate(a, batch, rows.AsSpan(0, m), gids.AsSpan(0, m), weights.AsSpan(0, m));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<int>.Shared.Return(gids);
            ArrayPool<int>.Shared.Return(weights);
        }
    }

    private void Accumulate(int a, Batch batch, ReadOnlySpan<int> rows, ReadOnlySpan<int> gids, ReadOnlySpan<int> weights)
    {
        if (countsRows[a])
            return;
        var acc = accumulators[a];
        var filter = filters[a];
        var args = new EvalResult[arguments[a].Length];
        EvalResult? cond = null;
        try
        {
            for (int k = 0; k < args.Length; k++)
                args[k] = arguments[a][k].Evaluate(batch);
            if (filter is null && acc is SumAccumulator { IsInt32Input: true } sum && args[0].Column is Column<int> ints
                && !args[0].IsScalar && !ints.MayHaveNulls)
            {
                sum.UpdateInt32(ints, rows, gids, weights);
                return;
            }
            if (filter is not null)
                cond = filter.Evaluate(batch);
            for (int i = 0; i < rows.Length; i++)
            {
                int r = rows[i];
                if (cond is EvalResult c && (c.IsNull(r) || !((Column<bool>)c.Column).Values[c.At(r)]))
                    continue;
                acc.Update(gids[i], args, r, weights[i]);
            }
        }
        finally
        {
            foreach (var arg in args)
                if (arg.Column is not null)
                    arg.Release();
            cond?.Release();
        }
    }

    private void OnGroupAdded(int gid, Column<long>? windowColumn, int row)
    {
        if (gid >= groups.Length)
        {
            int size = Math.Max(gid + 1, groups.Length * 2);
            Array.Resize(ref groups, size);
        }
        foreach (var acc in accumulators)
            acc.EnsureGroups(table.IdLimit);
        // Listed in changedGroups by the Touch that follows.
        groups[gid].Added = trackingDelta;
        if (windowColumn is not null && !windowColumn.IsNull(row))
        {
            long key = windowColumn.Values[row];
            if (!windows.TryGetValue(key, out var list))
                windows[key] = list = [];
            list.Add((gid, groups[gid].Generation));
        }
    }

    /// <summary>First change of a group in this epoch: remember what it showed before, to retract it.</summary>
    private void Touch(int gid)
    {
        groups[gid].Dirty = true;
        dirtyList.Add(gid);
        if (trackingDelta && !groups[gid].Changed)
        {
            groups[gid].Changed = true;
            changedGroups.Add(gid);
        }
        if (groups[gid].Emitted && emit == EmitMode.OnUpdate)
        {
            groups[gid].OldRow = oldRows.Count;
            WriteRow(oldRows, gid, -1);
        }
        else
        {
            groups[gid].OldRow = -1;
        }
    }

    private void WriteRow(BatchBuilder builder, int gid, int weight)
    {
        int o = builder.BeginRow(weight);
        for (int k = 0; k < groupKeys.Length; k++)
            builder[k].CopyRow(o, table.Keys[k], gid);
        for (int a = 0; a < accumulators.Length; a++)
        {
            if (countsRows[a])
                ((Column<long>)builder[groupKeys.Length + a]).Set(o, groups[gid].RowCount);
            else
                accumulators[a].Write(gid, builder[groupKeys.Length + a], o);
        }
    }

    private bool SameAsOld(int gid)
    {
        int o = groups[gid].OldRow;
        int nw = output.Count - 1;
        for (int c = 0; c < outputTypes.Length; c++)
            if (!output[c].RowEquals(nw, oldRows[c], o))
                return false;
        return true;
    }

    public void OnWatermark(Watermark watermark)
    {
        if (watermark.Column == windowInputColumn && watermark.Value > pendingWatermark)
            pendingWatermark = watermark.Value;
        for (int k = 0; k < groupKeys.Length; k++)
            if (groupKeys[k] == watermark.Column)
                pendingKeyWatermarks[k] = Math.Max(watermark.Value, pendingKeyWatermarks.GetValueOrDefault(k, long.MinValue));
    }

    public void OnEpochEnd(long epoch)
    {
        foreach (int gid in dirtyList)
        {
            groups[gid].Dirty = false;
            if (!table.Live[gid])
                continue;
            bool empty = groups[gid].RowCount == 0 && groupKeys.Length > 0;
            if (emit == EmitMode.OnUpdate)
            {
                int old = groups[gid].OldRow;
                if (empty)
                {
                    if (old >= 0)
                        output.AppendRow(Columns(oldRows), old, -1);
                    Free(gid);
                    continue;
                }
                WriteRow(output, gid, 1);
                if (old >= 0)
                {
                    if (SameAsOld(gid))
                    {
                        output.DropLast();
                        continue;
                    }
                    output.AppendRow(Columns(oldRows), old, -1);
                }
                groups[gid].Emitted = true;
            }
            else if (empty)
            {
                Free(gid);
            }
        }
        dirtyList.Clear();
        oldRows.Clear();
        if (pendingWatermark > windowWatermark)
        {
            windowWatermark = pendingWatermark;
            CloseWindows();
        }
        if (output.Count > 0)
        {
            using var batch = output.Build();
            downstream.OnBatch(batch);
        }
        foreach (var (k, v) in pendingKeyWatermarks)
            downstream.OnWatermark(new Watermark(k, v));
        pendingKeyWatermarks.Clear();
        downstream.OnEpochEnd(epoch);
    }

    private Column[] Columns(BatchBuilder builder)
    {
        var cols = new Column[outputTypes.Length];
        for (int c = 0; c < cols.Length; c++)
            cols[c] = builder[c];
        return cols;
    }

    private void CloseWindows()
    {
        while (windows.Count > 0)
        {
            var first = windows.First();
            if (first.Key >= windowWatermark)
                break;
            windows.Remove(first.Key);
            foreach (var (gid, gen) in first.Value)
            {
                if (!table.Live[gid] || groups[gid].Generation != gen)
                    continue;
                if (emit == EmitMode.OnWindowClose && groups[gid].RowCount != 0)
                    WriteRow(output, gid, 1);
                Free(gid);
            }
        }
    }

    private void Free(int gid)
    {
        // A group that came and went since the last checkpoint is not in it: nothing to free there.
        if (trackingDelta && !groups[gid].Added)
        {
            for (int k = 0; k < groupKeys.Length; k++)
                table.Keys[k].WriteValue(freedKeyWriter, gid);
            freedKeyCount++;
        }
        groups[gid].Added = false;
        table.Remove(gid);
        foreach (var acc in accumulators)
            acc.Reset(gid);
        groups[gid].RowCount = 0;
        groups[gid].Emitted = false;
        groups[gid].Generation++;
    }

    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(windowWatermark);
        w.Write(pendingWatermark);
        w.Write(table.Count);
        foreach (int gid in table.LiveIds())
            WriteGroup(w, gid);
    }

    public void BeginDelta()
    {
        trackingDelta = true;
        if (IsDense(changedGroups.Count))
        {
            for (int gid = 0; gid < groups.Length; gid++)
            {
                groups[gid].Changed = false;
                groups[gid].Added = false;
            }
        }
        else
        {
            foreach (int gid in changedGroups)
            {
                groups[gid].Changed = false;
                groups[gid].Added = false;
            }
        }
        changedGroups.Clear();
        freedKeyWriter.Discard();
        freedKeys.SetLength(0);
        freedKeyCount = 0;
    }

    /// <summary>
    /// The watermarks, the keys of the groups freed since the last checkpoint, then every group
    /// changed since that is still live, as <see cref="Snapshot"/> writes a group. Applying frees
    /// the first and replaces the second.
    /// </summary>
    public void SnapshotDelta(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(windowWatermark);
        w.Write(pendingWatermark);
        w.Write(freedKeyCount);
        w.Flush();
        freedKeyWriter.Flush();
        freedKeys.WriteTo(stream);
        int live = 0;
        foreach (int gid in changedGroups)
            if (table.Live[gid])
                live++;
        w.Write(live);
        if (IsDense(changedGroups.Count))
        {
            // In group order: the state's arrays are walked front to back instead of at random.
            var liveGroups = table.Live;
            int end = Math.Min(liveGroups.Length, groups.Length);
            for (int gid = 0; gid < end; gid++)
                if (groups[gid].Changed && liveGroups[gid])
                    WriteGroup(w, gid);
        }
        else
        {
            foreach (int gid in changedGroups)
                if (table.Live[gid])
                    WriteGroup(w, gid);
        }
        BeginDelta();
    }

    /// <summary>Whether this many changed groups are better visited by a pass over all groups than one by one.</summary>
    private bool IsDense(int changed) => changed >= table.Capacity / 8;

    public void ApplyDelta(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        windowWatermark = r.ReadInt64();
        pendingWatermark = r.ReadInt64();
        var keyColumns = table.KeyTypes.Select(t => Column.Create(t, 1)).ToArray();
        var positions = Enumerable.Range(0, groupKeys.Length).ToArray();
        int freed = r.ReadInt32();
        for (int i = 0; i < freed; i++)
        {
            int gid = table.Find(keyColumns, positions, 0, ReadKey(r, keyColumns, positions));
            if (gid >= 0)
                Free(gid);
        }

        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
            ReadGroup(r, keyColumns, positions, replace: true);
    }

    private void WriteGroup(StateWriter w, int gid)
    {
        for (int k = 0; k < groupKeys.Length; k++)
            table.Keys[k].WriteValue(w, gid);
        w.Write(groups[gid].RowCount);
        w.Write(groups[gid].Emitted);
        foreach (var acc in accumulators)
            acc.Save(gid, w);
    }

    /// <summary>Reads a group key (as <see cref="WriteGroup"/> writes it) into row 0 of <paramref name="keyColumns"/>; returns its hash.</summary>
    private int ReadKey(BinaryReader r, Column[] keyColumns, int[] positions)
    {
        for (int k = 0; k < groupKeys.Length; k++)
            keyColumns[k].SetValue(0, ValueCodec.Read(r));
        return GroupTable.HashRow(keyColumns, positions, 0);
    }

    private void ReadGroup(BinaryReader r, Column[] keyColumns, int[] positions, bool replace)
    {
        int hash = ReadKey(r, keyColumns, positions);
        if (replace && table.Find(keyColumns, positions, 0, hash) is >= 0 and var existing)
            Free(existing);
        int gid = table.FindOrAdd(keyColumns, positions, 0, hash, out bool added);
        if (added)
            OnGroupAdded(gid, windowKeyPosition >= 0 ? (Column<long>)keyColumns[windowKeyPosition] : null, 0);
        groups[gid].RowCount = r.ReadInt64();
        groups[gid].Emitted = r.ReadBoolean();
        foreach (var acc in accumulators)
            acc.Load(gid, r);
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        foreach (int gid in table.LiveIds().ToList())
            Free(gid);
        windows.Clear();
        dirtyList.Clear();
        for (int i = 0; i < groups.Length; i++)
            groups[i].Dirty = false;
        windowWatermark = r.ReadInt64();
        pendingWatermark = r.ReadInt64();
        int count = r.ReadInt32();
        var keyColumns = table.KeyTypes.Select(t => Column.Create(t, 1)).ToArray();
        var positions = Enumerable.Range(0, groupKeys.Length).ToArray();
        for (int i = 0; i < count; i++)
            ReadGroup(r, keyColumns, positions, replace: false);
    }

    private struct GroupState
    {
        /// <summary>Net weight of the group's input rows; the group is empty (and removed) at zero.</summary>
        public long RowCount;

        /// <summary>Row of <c>oldRows</c> holding what the group showed before this epoch, or -1.</summary>
        public int OldRow;

        /// <summary>Bumped when the id is freed, so stale window-index entries are recognised (wraps harmlessly).</summary>
        public short Generation;

        public bool Emitted;

        public bool Dirty;

        /// <summary>Changed since the last checkpoint (listed in <c>changedGroups</c>).</summary>
        public bool Changed;

        /// <summary>Added since the last checkpoint (so not in it).</summary>
        public bool Added;
    }
}
