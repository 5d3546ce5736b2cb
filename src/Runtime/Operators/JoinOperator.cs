using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// A symmetric hash join over two changelogs. Each side keeps its rows by join key with their
/// multiplicity and match count; a change on one side probes the other, emits the joined changes,
/// and for outer joins emits or retracts the NULL-padded row of a row whose match count moves
/// between zero and non-zero. A key containing NULL never matches, unless the key is null-safe
/// (NULL matches NULL: equal keys are equal under grouping semantics). Interval joins add the time
/// condition and drop rows that can no longer match once the other side's watermark passes; so a
/// row that arrives behind its own side's watermark may have lost partners already, and is late:
/// dropped and counted (<see cref="ILateRowHandler"/>), as RisingWave drops it, rather than joined
/// with whatever state is left. Window joins drop a window's rows once both sides' watermarks pass it.
/// Feed the inputs through <see cref="Left"/> and <see cref="Right"/>.
/// </summary>
public sealed class JoinOperator
{
    private readonly JoinNode node;
    private readonly CompiledExpression? residual;
    private readonly IOperator downstream;
    private readonly ImmutableArray<DataType> outputTypes;
    private readonly int leftWidth;
    private readonly int rightWidth;
    private readonly JoinSide[] state = new JoinSide[2];
    private readonly long?[] sideWatermark = new long?[2];
    private readonly Dictionary<int, long>[] keyWatermarks = [[], []];
    private readonly BatchBuilder output;
    private long? lastEmittedKeyWatermark;
    private readonly ImmutableArray<DataType> keyTypes;
    // 0, 1, ...: the key columns of a table of keys.
    private readonly int[] keyPositions;
    // Join keys whose rows changed on either side since the last checkpoint (match counts change on
    // both), once a checkpoint asked for deltas (BeginDelta).
    private GroupTable? changed;
    private int epochEnds;
    private readonly ILateRowHandler[] late;
    // Reused per probe: the other side's rows a row matches.
    private readonly List<int> candidates = [];
    private readonly List<int> kept = [];

    public JoinOperator(JoinNode node, ExpressionCompiler compiler, IOperator downstream, ILateRowHandler? leftLate = null, ILateRowHandler? rightLate = null)
    {
        this.node = node;
        this.downstream = downstream;
        late = [leftLate ?? new NullLateRowHandler(), rightLate ?? new NullLateRowHandler()];
        residual = node.Residual is null ? null : compiler.Compile(node.Residual);
        outputTypes = node.Schema.Types;
        leftWidth = node.Left.Schema.Count;
        rightWidth = node.Right.Schema.Count;
        output = new BatchBuilder(outputTypes, 64);
        keyTypes = [.. node.LeftKeys.Select(k => node.Left.Schema.Types[k])];
        keyPositions = [.. Enumerable.Range(0, keyTypes.Length)];
        ResetState();
        if (node.Variant == JoinVariant.Interval && node.Bounds is null)
            throw new ArgumentException("an interval join needs bounds", nameof(node));
        Left = new Port(this, 0);
        Right = new Port(this, 1);
    }

    public IOperator Left { get; }

    public IOperator Right { get; }

    private bool Outer(int side) => side == 0
        ? node.Kind is JoinKind.Left or JoinKind.Full
        : node.Kind is JoinKind.Right or JoinKind.Full;

    private ImmutableArray<int> Keys(int side) => side == 0 ? node.LeftKeys : node.RightKeys;

    private void OnBatch(int side, Batch batch)
    {
        if (node.Variant == JoinVariant.Interval && sideWatermark[side] is long watermark)
            batch = WithoutLateRows(side, batch, watermark) ?? batch;

        if (residual is not null && node.Kind == JoinKind.Inner)
        {
            OnBatchWithResidual(side, batch);
            return;
        }

        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (batch.Weights[r] != 0)
                Apply(side, batch.Columns, r, batch.Weights[r]);
        }
        SendOutput();
    }

    /// <summary>
    /// An inner join with a residual condition: the other side's state does not change while this
    /// side's batch is applied, so the candidate pairs of the whole batch are collected and the
    /// residual is evaluated once over all of them, instead of once per input row. Inner joins
    /// need no match counts (those only decide outer joins' NULL-padded rows).
    /// </summary>
    private void OnBatchWithResidual(int side, Batch batch)
    {
        var keys = Keys(side).AsSpan();
        var own = state[side];
        var other = state[1 - side];
        var columns = batch.Columns;
        var pairs = new BatchBuilder(outputTypes, Math.Max(16, batch.RowCount));
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            int weight = batch.Weights[r];
            if (weight == 0)
                continue;
            int keyHash = GroupTable.HashRow(columns, keys, r);
            MarkChanged(columns, keys, r, keyHash);
            int id = own.Add(columns, r, keyHash, weight);
            if (!IsNullKey(columns, keys, r))
            {
                for (int o = other.FirstOf(other.FindKey(columns, keys, r, keyHash)); o >= 0; o = other.Next(o))
                {
                    if (TimeMatches(side, columns, r, other.Columns, o))
                        AddPair(pairs, side, columns, r, other.Columns, o, weight * (int)other.Multiplicity(o));
                }
            }

            own.DropIfGone(id);
        }

        using var all = pairs.Build();
        if (all.RowCount > 0)
        {
            var cond = residual!.Evaluate(all);
            try
            {
                var values = ((Column<bool>)cond.Column).Values;
                for (int i = 0; i < all.RowCount; i++)
                {
                    if (!cond.IsNull(i) && values[cond.At(i)])
                        output.AppendRow(all, i, all.Weights[i]);
                }
            }
            finally
            {
                cond.Release();
            }
        }

        SendOutput();
    }

    /// <summary>
    /// The batch without its inserted rows whose time is behind <paramref name="watermark"/> (their
    /// side's), which go to the late-row handler; null when there are none.
    /// </summary>
    private Batch? WithoutLateRows(int side, Batch batch, long watermark)
    {
        var b = node.Bounds!;
        var times = (Column<long>)batch.Columns[side == 0 ? b.LeftTime : b.RightTime];
        List<int>? lateRows = null;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (batch.Weights[r] > 0 && !times.IsNull(r) && times.Values[r] < watermark)
                (lateRows ??= []).Add(r);
        }
        if (lateRows is null)
            return null;
        late[side].OnLateRows(batch, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lateRows));
        var keep = new int[batch.RowCount - lateRows.Count];
        int n = 0, l = 0;
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            if (l < lateRows.Count && lateRows[l] == r)
                l++;
            else
                keep[n++] = r;
        }
        return batch.WithSelection(keep, n);
    }

    /// <summary>Applies one changed row (<paramref name="r"/> of <paramref name="columns"/>) of a side, emitting the joined changes.</summary>
    private void Apply(int side, Column[] columns, int r, int weight)
    {
        var keys = Keys(side).AsSpan();
        var own = state[side];
        var other = state[1 - side];
        int keyHash = GroupTable.HashRow(columns, keys, r);
        MarkChanged(columns, keys, r, keyHash);
        int id = own.Add(columns, r, keyHash, weight);

        long matches = 0;
        if (!IsNullKey(columns, keys, r))
        {
            Matching(side, columns, r, other, other.FindKey(columns, keys, r, keyHash));
            bool outerOther = Outer(1 - side);
            foreach (int o in kept)
            {
                long multiplicity = other.Multiplicity(o);
                matches += multiplicity;
                if (weight * multiplicity != 0)
                    AddPair(output, side, columns, r, other.Columns, o, weight * (int)multiplicity);
                ref long otherMatches = ref other.Matches(o);
                long before = otherMatches;
                otherMatches += weight;
                if (outerOther && before == 0 && otherMatches != 0)
                    AddPadded(1 - side, other.Columns, o, -(int)multiplicity);
                else if (outerOther && before != 0 && otherMatches == 0)
                    AddPadded(1 - side, other.Columns, o, (int)multiplicity);
            }
        }
        own.Matches(id) = matches;
        if (Outer(side) && matches == 0)
            AddPadded(side, columns, r, weight);
        own.DropIfGone(id);
    }

    private void SendOutput()
    {
        if (output.Count == 0)
            return;
        using var result = output.Build();
        downstream.OnBatch(result);
    }

    /// <summary>Whether a row's key can match nothing: NULL in a key that is not null-safe.</summary>
    private bool IsNullKey(Column[] columns, ReadOnlySpan<int> keys, int r)
    {
        for (int k = 0; k < keys.Length; k++)
        {
            if (columns[keys[k]].IsNull(r) && (node.NullSafeKeys.IsDefault || !node.NullSafeKeys[k]))
                return true;
        }
        return false;
    }

    /// <summary>Notes a join key whose rows change, for the next delta (once a checkpoint asked for deltas).</summary>
    private void MarkChanged(Column[] columns, ReadOnlySpan<int> keys, int r, int keyHash)
    {
        changed?.FindOrAdd(columns, keys, r, keyHash, out _);
    }

    /// <summary>
    /// Fills <see cref="kept"/> with the rows of <paramref name="other"/>'s key <paramref name="otherKey"/>
    /// that a row (<paramref name="r"/> of <paramref name="columns"/>) of <paramref name="side"/> joins:
    /// within the time bounds, and passing the residual condition.
    /// </summary>
    private void Matching(int side, Column[] columns, int r, JoinSide other, int otherKey)
    {
        kept.Clear();
        var found = residual is null ? kept : candidates;
        found.Clear();
        for (int o = other.FirstOf(otherKey); o >= 0; o = other.Next(o))
        {
            if (TimeMatches(side, columns, r, other.Columns, o))
                found.Add(o);
        }
        if (residual is null || found.Count == 0)
            return;
        var pairs = new BatchBuilder(outputTypes, found.Count);
        foreach (int o in found)
            AddPair(pairs, side, columns, r, other.Columns, o, 1);
        using var batch = pairs.Build();
        var cond = residual.Evaluate(batch);
        try
        {
            var values = ((Column<bool>)cond.Column).Values;
            for (int i = 0; i < found.Count; i++)
                if (!cond.IsNull(i) && values[cond.At(i)])
                    kept.Add(found[i]);
        }
        finally
        {
            cond.Release();
        }
    }

    /// <summary>Whether a row of <paramref name="side"/> and a row of the other side meet an interval join's time bounds (always for other joins).</summary>
    private bool TimeMatches(int side, Column[] columns, int r, Column[] otherColumns, int o)
    {
        if (node.Variant != JoinVariant.Interval)
            return true;
        var b = node.Bounds!;
        bool leftTime = side == 0
            ? TimeAt(columns[b.LeftTime], r, out long lt)
            : TimeAt(otherColumns[b.LeftTime], o, out lt);
        bool rightTime = side == 0
            ? TimeAt(otherColumns[b.RightTime], o, out long rt)
            : TimeAt(columns[b.RightTime], r, out rt);
        return leftTime && rightTime && rt >= lt + b.LowerMicros && rt <= lt + b.UpperMicros;
    }

    private static bool TimeAt(Column column, int row, out long time)
    {
        if (column is Column<long> times && !times.IsNull(row))
        {
            time = times.Values[row];
            return true;
        }
        time = 0;
        return false;
    }

    /// <summary>Appends the joined row of a row of <paramref name="side"/> and a row of the other side.</summary>
    private void AddPair(BatchBuilder builder, int side, Column[] columns, int r, Column[] otherColumns, int o, int weight)
    {
        int row = builder.BeginRow(weight);
        var (left, leftRow, right, rightRow) = side == 0 ? (columns, r, otherColumns, o) : (otherColumns, o, columns, r);
        for (int c = 0; c < leftWidth; c++)
            builder[c].CopyRow(row, left[c], leftRow);
        for (int c = 0; c < rightWidth; c++)
            builder[leftWidth + c].CopyRow(row, right[c], rightRow);
    }

    /// <summary>Appends a row of <paramref name="side"/> padded with NULLs for the other side (an outer join's unmatched row).</summary>
    private void AddPadded(int side, Column[] columns, int r, int weight)
    {
        if (weight == 0)
            return;
        int row = output.BeginRow(weight);
        int offset = side == 0 ? 0 : leftWidth;
        int width = side == 0 ? leftWidth : rightWidth;
        for (int c = 0; c < leftWidth + rightWidth; c++)
        {
            if (c >= offset && c < offset + width)
                output[c].CopyRow(row, columns[c - offset], r);
            else
                output[c].SetValue(row, null);
        }
    }

    private void OnWatermark(int side, Watermark wm)
    {
        if (node.Variant == JoinVariant.Interval)
        {
            var b = node.Bounds!;
            int timeColumn = side == 0 ? b.LeftTime : b.RightTime;
            if (wm.Column == timeColumn && (sideWatermark[side] is null || wm.Value > sideWatermark[side]))
                sideWatermark[side] = wm.Value;
        }
        var keys = Keys(side);
        for (int p = 0; p < keys.Length; p++)
            if (keys[p] == wm.Column)
                keyWatermarks[side][p] = Math.Max(wm.Value, keyWatermarks[side].GetValueOrDefault(p, long.MinValue));
    }

    private void OnEpochEnd(long epoch)
    {
        if (++epochEnds < 2)
            return;
        epochEnds = 0;
        CleanState();
        downstream.OnEpochEnd(epoch);
    }

    private void CleanState()
    {
        if (node.Variant == JoinVariant.Interval)
        {
            var b = node.Bounds!;
            // A left row can still match right rows with time >= W_right only if left.time + upper >= W_right.
            if (sideWatermark[1] is long wr)
                RemoveBefore(0, b.LeftTime, (Int128)wr - b.UpperMicros);
            // A right row can still match left rows with time >= W_left only if right.time >= W_left + lower.
            if (sideWatermark[0] is long wl)
                RemoveBefore(1, b.RightTime, (Int128)wl + b.LowerMicros);
        }
        else if (node.Variant == JoinVariant.Window)
        {
            foreach (var (p, leftValue) in keyWatermarks[0])
            {
                if (!keyWatermarks[1].TryGetValue(p, out long rightValue))
                    continue;
                long closed = Math.Min(leftValue, rightValue);
                RemoveBefore(0, node.LeftKeys[p], closed);
                RemoveBefore(1, node.RightKeys[p], closed);
                if (lastEmittedKeyWatermark is null || closed > lastEmittedKeyWatermark)
                {
                    lastEmittedKeyWatermark = closed;
                    downstream.OnWatermark(new Watermark(node.LeftKeys[p], closed));
                    downstream.OnWatermark(new Watermark(leftWidth + node.RightKeys[p], closed));
                }
            }
        }
    }

    /// <summary>
    /// Drops the rows of a side whose (non-null, bigint-backed) <paramref name="column"/> is below
    /// <paramref name="bound"/> (wide, so that a bound computed near the ends of the range stays exact).
    /// </summary>
    private void RemoveBefore(int side, int column, Int128 bound)
    {
        var own = state[side];
        if (own.Columns[column] is not Column<long> times)
            return;
        int limit = own.RowIdLimit;
        for (int id = 0; id < limit; id++)
        {
            if (!own.IsLive(id) || times.IsNull(id) || times.Values[id] >= bound)
                continue;
            if (changed is not null)
            {
                int key = own.KeyOf(id);
                changed.FindOrAdd(own.KeyValues, keyPositions, key, GroupTable.HashRow(own.KeyValues, keyPositions, key), out _);
            }
            own.Remove(id);
        }
    }

    /// <summary>Rows held per side (for tests and stats).</summary>
    public (long Left, long Right) StateRows => (state[0].Count, state[1].Count);

    private void ResetState()
    {
        state[0] = new JoinSide(node.Left.Schema.Types, node.LeftKeys);
        state[1] = new JoinSide(node.Right.Schema.Types, node.RightKeys);
    }

    /// <summary>Both sides: its watermark, then every row with its key, multiplicity and match count.</summary>
    private void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        for (int side = 0; side < 2; side++)
        {
            var own = state[side];
            w.Write(sideWatermark[side] ?? long.MinValue);
            w.Write(own.Count);
            for (int id = 0; id < own.RowIdLimit; id++)
            {
                if (!own.IsLive(id))
                    continue;
                WriteKey(w, own.KeyValues, own.KeyOf(id));
                own.WriteRow(w, id);
            }
        }
    }

    private static void WriteKey(StateWriter w, Column[] keyValues, int keyId)
    {
        w.Write(keyValues.Length);
        foreach (var c in keyValues)
            c.WriteValue(w, keyId);
    }

    /// <summary>
    /// Both sides' watermarks, then every join key changed since the last checkpoint with its rows on
    /// each side now (none: the key is gone from that side). Applying replaces those keys' rows.
    /// </summary>
    private void SnapshotDelta(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(sideWatermark[0] ?? long.MinValue);
        w.Write(sideWatermark[1] ?? long.MinValue);
        var keys = changed ?? new GroupTable(keyTypes);
        w.Write(keys.Count);
        for (int k = 0; k < keys.IdLimit; k++)
        {
            if (!keys.Live[k])
                continue;
            WriteKey(w, keys.Keys, k);
            int hash = GroupTable.HashRow(keys.Keys, keyPositions, k);
            for (int side = 0; side < 2; side++)
            {
                var own = state[side];
                int keyId = own.FindKey(keys.Keys, keyPositions, k, hash);
                int n = 0;
                for (int id = own.FirstOf(keyId); id >= 0; id = own.Next(id))
                    n++;
                w.Write(n);
                for (int id = own.FirstOf(keyId); id >= 0; id = own.Next(id))
                    own.WriteRow(w, id);
            }
        }
        changed = new GroupTable(keyTypes);
    }

    private void ApplyDelta(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (int side = 0; side < 2; side++)
        {
            long wm = r.ReadInt64();
            sideWatermark[side] = wm == long.MinValue ? null : wm;
        }

        var key = ScratchKey();
        Column[][] scratch = [state[0].NewScratchRow(), state[1].NewScratchRow()];
        int keys = r.ReadInt32();
        for (int i = 0; i < keys; i++)
        {
            int hash = ReadKey(r, key);
            for (int side = 0; side < 2; side++)
            {
                state[side].RemoveKey(state[side].FindKey(key, keyPositions, 0, hash));
                int n = r.ReadInt32();
                for (int j = 0; j < n; j++)
                    state[side].ReadRow(r, scratch[side]);
            }
        }
    }

    private Column[] ScratchKey() => [.. keyTypes.Select(t => Column.Create(t, 1))];

    /// <summary>Reads a key as <see cref="WriteKey"/> wrote it into row 0 of <paramref name="key"/>; returns its hash.</summary>
    private int ReadKey(BinaryReader r, Column[] key)
    {
        JoinSide.ReadValues(r, key, "key");
        return GroupTable.HashRow(key, keyPositions, 0);
    }

    private void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        ResetState();
        var key = ScratchKey();
        for (int side = 0; side < 2; side++)
        {
            long wm = r.ReadInt64();
            sideWatermark[side] = wm == long.MinValue ? null : wm;
            var scratch = state[side].NewScratchRow();
            int n = r.ReadInt32();
            for (int i = 0; i < n; i++)
            {
                ReadKey(r, key);
                state[side].ReadRow(r, scratch);
            }
        }
    }

    /// <summary>One input of the join. The left port snapshots the whole join (and its deltas); the right port's are empty.</summary>
    private sealed class Port(JoinOperator join, int side) : IOperator
    {
        public void OnBatch(Batch batch) => join.OnBatch(side, batch);

        public void OnWatermark(Watermark watermark) => join.OnWatermark(side, watermark);

        public void OnEpochEnd(long epoch) => join.OnEpochEnd(epoch);

        public void Snapshot(Stream stream)
        {
            if (side == 0)
                join.Snapshot(stream);
        }

        public void Restore(Stream stream)
        {
            if (side == 0)
                join.Restore(stream);
        }

        public void BeginDelta()
        {
            if (side == 0)
                join.changed = new GroupTable(join.keyTypes);
        }

        public void SnapshotDelta(Stream stream)
        {
            if (side == 0)
                join.SnapshotDelta(stream);
        }

        public void ApplyDelta(Stream stream)
        {
            if (side == 0)
                join.ApplyDelta(stream);
        }
    }
}
