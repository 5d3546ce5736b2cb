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
    private readonly Dictionary<RowKey, JoinBucket>[] state = [[], []];
    private readonly long?[] sideWatermark = new long?[2];
    private readonly Dictionary<int, long>[] keyWatermarks = [[], []];
    private readonly BatchBuilder output;
    private long? lastEmittedKeyWatermark;
    // Join keys whose rows changed on either side since the last checkpoint (match counts change on both).
    private readonly ChangedKeys changed = new();
    private int epochEnds;
    private readonly ILateRowHandler[] late;

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

        var keys = Keys(side);
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            var row = batch.GetRow(r);
            var key = KeyOf(row, keys, out bool nullKey);
            Apply(side, key, nullKey, row, batch.Weights[r]);
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
        var keys = Keys(side);
        var own = state[side];
        var others = state[1 - side];
        var pairs = new BatchBuilder(outputTypes, Math.Max(16, batch.RowCount));
        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            var row = batch.GetRow(r);
            int weight = batch.Weights[r];
            if (weight == 0)
                continue;
            var key = KeyOf(row, keys, out bool nullKey);
            changed.Add(key);
            var (bucket, entry) = EntryOf(own, key, row);
            entry.Multiplicity += weight;
            if (!nullKey && others.TryGetValue(key, out var candidates))
            {
                foreach (var c in candidates.Entries)
                {
                    if (TimeMatches(side, row, c.Row))
                        AddConcat(pairs, side == 0 ? row : c.Row, side == 0 ? c.Row : row, weight * (int)c.Multiplicity);
                }
            }

            DropIfGone(own, key, bucket, entry);
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

    private void Apply(int side, RowKey key, bool nullKey, object?[] row, int weight)
    {
        int other = 1 - side;
        var own = state[side];
        changed.Add(key);
        var (bucket, entry) = EntryOf(own, key, row);
        entry.Multiplicity += weight;

        long matches = 0;
        if (!nullKey && state[other].TryGetValue(key, out var candidates) && candidates.Count > 0)
        {
            var matched = Matching(side, row, candidates);
            foreach (var o in matched)
            {
                matches += o.Multiplicity;
                Emit(side == 0 ? row : o.Row, side == 0 ? o.Row : row, weight * (int)o.Multiplicity);
                if (Outer(other))
                {
                    long before = o.Matches;
                    o.Matches += weight;
                    if (before == 0 && o.Matches != 0)
                        EmitPadded(other, o.Row, -(int)o.Multiplicity);
                    else if (before != 0 && o.Matches == 0)
                        EmitPadded(other, o.Row, (int)o.Multiplicity);
                }
                else
                {
                    o.Matches += weight;
                }
            }
        }
        entry.Matches = matches;
        if (Outer(side) && matches == 0)
            EmitPadded(side, row, weight);
        DropIfGone(own, key, bucket, entry);
    }

    private void SendOutput()
    {
        if (output.Count == 0)
            return;
        using var result = output.Build();
        downstream.OnBatch(result);
    }

    /// <summary>The join key of a row; <paramref name="nullKey"/> when it can match nothing (NULL in a key that is not null-safe).</summary>
    private RowKey KeyOf(object?[] row, ImmutableArray<int> keys, out bool nullKey)
    {
        var values = new object?[keys.Length];
        nullKey = false;
        for (int k = 0; k < keys.Length; k++)
        {
            values[k] = row[keys[k]];
            nullKey |= values[k] is null && (node.NullSafeKeys.IsDefault || !node.NullSafeKeys[k]);
        }
        return new RowKey(values);
    }

    /// <summary>The row's entry under its key in one side's state, created (with multiplicity 0) when new.</summary>
    private static (JoinBucket Bucket, JoinEntry Entry) EntryOf(Dictionary<RowKey, JoinBucket> side, RowKey key, object?[] row)
    {
        var bucket = BucketOf(side, key);
        var entry = bucket.Find(row);
        if (entry is null)
        {
            entry = new JoinEntry(row);
            bucket.Add(entry);
        }
        return (bucket, entry);
    }

    private static JoinBucket BucketOf(Dictionary<RowKey, JoinBucket> side, RowKey key)
    {
        if (!side.TryGetValue(key, out var bucket))
            side[key] = bucket = new JoinBucket();
        return bucket;
    }

    /// <summary>Removes an entry whose multiplicity came back to zero, and its key once nothing is left under it.</summary>
    private static void DropIfGone(Dictionary<RowKey, JoinBucket> side, RowKey key, JoinBucket bucket, JoinEntry entry)
    {
        if (entry.Multiplicity != 0)
            return;
        bucket.Remove(entry);
        if (bucket.Count == 0)
            side.Remove(key);
    }

    private List<JoinEntry> Matching(int side, object?[] row, JoinBucket candidates)
    {
        var result = new List<JoinEntry>(candidates.Count);
        foreach (var c in candidates.Entries)
            if (TimeMatches(side, row, c.Row))
                result.Add(c);
        if (residual is null || result.Count == 0)
            return result;
        var pairs = new BatchBuilder(outputTypes, result.Count);
        foreach (var c in result)
            AddConcat(pairs, side == 0 ? row : c.Row, side == 0 ? c.Row : row, 1);
        using var batch = pairs.Build();
        var cond = residual.Evaluate(batch);
        try
        {
            var values = ((Column<bool>)cond.Column).Values;
            var kept = new List<JoinEntry>(result.Count);
            for (int i = 0; i < result.Count; i++)
                if (!cond.IsNull(i) && values[cond.At(i)])
                    kept.Add(result[i]);
            return kept;
        }
        finally
        {
            cond.Release();
        }
    }

    private bool TimeMatches(int side, object?[] row, object?[] otherRow)
    {
        if (node.Variant != JoinVariant.Interval)
            return true;
        var b = node.Bounds!;
        var l = side == 0 ? row[b.LeftTime] : otherRow[b.LeftTime];
        var r = side == 0 ? otherRow[b.RightTime] : row[b.RightTime];
        if (l is not long lt || r is not long rt)
            return false;
        return rt >= lt + b.LowerMicros && rt <= lt + b.UpperMicros;
    }

    private void Emit(object?[] left, object?[] right, int weight)
    {
        if (weight != 0)
            AddConcat(output, left, right, weight);
    }

    private void EmitPadded(int side, object?[] row, int weight)
    {
        if (weight == 0)
            return;
        if (side == 0)
            AddConcat(output, row, new object?[rightWidth], weight);
        else
            AddConcat(output, new object?[leftWidth], row, weight);
    }

    private static void AddConcat(BatchBuilder builder, object?[] left, object?[] right, int weight)
    {
        int o = builder.BeginRow(weight);
        for (int c = 0; c < left.Length; c++)
            builder[c].SetValue(o, left[c]);
        for (int c = 0; c < right.Length; c++)
            builder[left.Length + c].SetValue(o, right[c]);
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
                RemoveWhere(0, row => row[b.LeftTime] is long t && t + b.UpperMicros < wr);
            // A right row can still match left rows with time >= W_left only if right.time >= W_left + lower.
            if (sideWatermark[0] is long wl)
                RemoveWhere(1, row => row[b.RightTime] is long t && t < wl + b.LowerMicros);
        }
        else if (node.Variant == JoinVariant.Window)
        {
            foreach (var (p, leftValue) in keyWatermarks[0])
            {
                if (!keyWatermarks[1].TryGetValue(p, out long rightValue))
                    continue;
                long closed = Math.Min(leftValue, rightValue);
                RemoveWhere(0, row => row[node.LeftKeys[p]] is long v && v < closed);
                RemoveWhere(1, row => row[node.RightKeys[p]] is long v && v < closed);
                if (lastEmittedKeyWatermark is null || closed > lastEmittedKeyWatermark)
                {
                    lastEmittedKeyWatermark = closed;
                    downstream.OnWatermark(new Watermark(node.LeftKeys[p], closed));
                    downstream.OnWatermark(new Watermark(leftWidth + node.RightKeys[p], closed));
                }
            }
        }
    }

    private void RemoveWhere(int side, Func<object?[], bool> expired)
    {
        var own = state[side];
        List<RowKey>? emptied = null;
        foreach (var (key, bucket) in own)
        {
            if (bucket.RemoveWhere(expired))
                changed.Add(key);
            if (bucket.Count == 0)
                (emptied ??= []).Add(key);
        }
        if (emptied is not null)
            foreach (var k in emptied)
                own.Remove(k);
    }

    /// <summary>Rows held per side (for tests and stats).</summary>
    public (long Left, long Right) StateRows =>
        (state[0].Values.Sum(b => (long)b.Count), state[1].Values.Sum(b => (long)b.Count));

    private void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        for (int side = 0; side < 2; side++)
        {
            w.Write(sideWatermark[side] ?? long.MinValue);
            var entries = state[side].SelectMany(kv => kv.Value.Entries.Select(e => (kv.Key, e))).ToList();
            w.Write(entries.Count);
            foreach (var (key, e) in entries)
            {
                ValueCodec.WriteRow(w, key.Values);
                WriteEntry(w, e);
            }
        }
    }

    private static void WriteEntry(BinaryWriter w, JoinEntry e)
    {
        ValueCodec.WriteRow(w, e.Row);
        w.Write(e.Multiplicity);
        w.Write(e.Matches);
    }

    private static JoinEntry ReadEntry(BinaryReader r) =>
        new(ValueCodec.ReadRow(r)) { Multiplicity = r.ReadInt64(), Matches = r.ReadInt64() };

    /// <summary>
    /// Both sides' watermarks, then every join key changed since the last checkpoint with its rows on
    /// each side now (none: the key is gone from that side). Applying replaces those keys' rows.
    /// </summary>
    private void SnapshotDelta(Stream stream)
    {
        using var w = new StateWriter(stream);
        w.Write(sideWatermark[0] ?? long.MinValue);
        w.Write(sideWatermark[1] ?? long.MinValue);
        var keys = changed.Take();
        w.Write(keys.Count);
        foreach (var key in keys)
        {
            ValueCodec.WriteRow(w, key.Values);
            for (int side = 0; side < 2; side++)
            {
                var entries = state[side].TryGetValue(key, out var bucket) ? bucket.Entries : [];
                w.Write(entries.Count);
                foreach (var e in entries)
                    WriteEntry(w, e);
            }
        }
    }

    private void ApplyDelta(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (int side = 0; side < 2; side++)
        {
            long wm = r.ReadInt64();
            sideWatermark[side] = wm == long.MinValue ? null : wm;
        }

        int keys = r.ReadInt32();
        for (int i = 0; i < keys; i++)
        {
            var key = new RowKey(ValueCodec.ReadRow(r));
            for (int side = 0; side < 2; side++)
            {
                state[side].Remove(key);
                int n = r.ReadInt32();
                for (int j = 0; j < n; j++)
                    BucketOf(state[side], key).Add(ReadEntry(r));
            }
        }
    }

    private void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        for (int side = 0; side < 2; side++)
        {
            long wm = r.ReadInt64();
            sideWatermark[side] = wm == long.MinValue ? null : wm;
            state[side].Clear();
            int n = r.ReadInt32();
            for (int i = 0; i < n; i++)
            {
                var key = new RowKey(ValueCodec.ReadRow(r));
                BucketOf(state[side], key).Add(ReadEntry(r));
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
                join.changed.Begin();
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
