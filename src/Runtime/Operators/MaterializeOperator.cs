using System.Collections;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// The indexed state of a view: rows with their multiplicity. Changes of an epoch are consolidated
/// and applied at its end; the committed contents answer reads and the consolidated delta goes to
/// <see cref="Committed"/> listeners (subscribers, views on this view, sinks) in that order.
/// Reads may come from other threads: the committed contents are swapped in under a lock.
/// A view whose input never retracts (<c>appendOnly</c>) keeps its rows in columns instead, appended
/// as they come, with no row objects and no hashing; its epoch's changes are the rows it appended.
/// </summary>
public sealed class MaterializeOperator(ImmutableArray<DataType> types, bool appendOnly = false) : IOperator
{
    private readonly Dictionary<RowKey, long> rows = [];
    private readonly Dictionary<RowKey, long> delta = [];
    private readonly object readLock = new();
    private readonly AppendedRows? appended = appendOnly ? new AppendedRows(types) : null;
    private readonly ChangedKeys changed = new();
    // An append-only view's delta is its rows from here on.
    private int appendedAtDelta;

    public ImmutableArray<DataType> Types { get; } = types;

    /// <summary>Called at each epoch end with the epoch's consolidated changes (possibly empty) and the view watermarks sent this epoch.</summary>
    public event Action<long, IReadOnlyList<(object?[] Row, int Weight)>, IReadOnlyList<Watermark>>? Committed;

    private readonly List<Watermark> watermarks = [];

    public void OnBatch(Batch batch)
    {
        if (appended is not null)
        {
            lock (readLock)
                appended.Append(batch);
            return;
        }

        for (int i = 0; i < batch.RowCount; i++)
        {
            int r = batch.RowIndex(i);
            var key = new RowKey(batch.GetRow(r));
            long n = delta.GetValueOrDefault(key) + batch.Weights[r];
            if (n == 0)
                delta.Remove(key);
            else
                delta[key] = n;
        }
    }

    public void OnWatermark(Watermark watermark) => watermarks.Add(watermark);

    public void OnEpochEnd(long epoch)
    {
        IReadOnlyList<(object?[] Row, int Weight)> changes;
        if (appended is not null)
        {
            lock (readLock)
                changes = appended.CommitEpoch();
        }
        else
        {
            var list = new List<(object?[] Row, int Weight)>(delta.Count);
            lock (readLock)
            {
                foreach (var (key, n) in delta)
                {
                    long was = rows.GetValueOrDefault(key);
                    changed.Add(key, was);
                    ChangedKeys.SetCount(rows, key, was + n);
                    list.Add((key.Values, (int)n));
                }
            }
            delta.Clear();
            changes = list;
        }
        var marks = watermarks.ToList();
        watermarks.Clear();
        Committed?.Invoke(epoch, changes, marks);
    }

    /// <summary>
    /// The committed rows of a hashed view with their multiplicities, as a new dictionary (copied
    /// entry by entry, keys not hashed again); null for an append-only view.
    /// </summary>
    internal Dictionary<RowKey, long>? CopyCounts()
    {
        lock (readLock)
            return appended is null ? new Dictionary<RowKey, long>(rows) : null;
    }

    /// <summary>The committed rows, each repeated by its multiplicity (negative multiplicities are not shown).</summary>
    public List<object?[]> ReadRows()
    {
        lock (readLock)
        {
            if (appended is not null)
                return appended.ReadRows();
            var result = new List<object?[]>(rows.Count);
            foreach (var (key, n) in rows)
                for (long i = 0; i < n; i++)
                    result.Add(key.Values);
            return result;
        }
    }

    /// <summary>The committed rows as a batch of inserts, for backfilling a dataflow that reads this view.</summary>
    public Batch ReadBatch()
    {
        lock (readLock)
        {
            if (appended is not null)
                return appended.ReadBatch();
            var builder = new BatchBuilder(Types, Math.Max(16, rows.Count));
            foreach (var (key, n) in rows)
                if (n > 0)
                    builder.AddRow(key.Values, (int)n);
            return builder.Build();
        }
    }

    /// <summary>Distinct committed rows (stored rows of an append-only view).</summary>
    public int RowCount
    {
        get
        {
            lock (readLock)
                return appended?.Committed ?? rows.Count;
        }
    }

    /// <summary>Writes the committed rows, each with its multiplicity; either form restores the other's.</summary>
    public void Snapshot(Stream stream)
    {
        using var w = new StateWriter(stream);
        lock (readLock)
        {
            if (appended is not null)
            {
                appended.Save(w);
                return;
            }

            w.Write(rows.Count);
            foreach (var (key, n) in rows)
            {
                ValueCodec.WriteRow(w, key.Values);
                w.Write(n);
            }
        }
    }

    public void Restore(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        lock (readLock)
        {
            if (appended is not null)
            {
                appended.Load(r);
                return;
            }

            rows.Clear();
            delta.Clear();
            int count = r.ReadInt32();
            rows.EnsureCapacity(count);
            for (int i = 0; i < count; i++)
            {
                var key = new RowKey(ValueCodec.ReadRow(r));
                // One lookup per row; an append-only view's snapshot may list a row twice.
                ref long n = ref CollectionsMarshal.GetValueRefOrAddDefault(rows, key, out _);
                n += r.ReadInt64();
                if (n == 0)
                    rows.Remove(key);
            }
        }
    }

    public void BeginDelta()
    {
        lock (readLock)
        {
            changed.Begin();
            appendedAtDelta = appended?.Committed ?? 0;
        }
    }

    /// <summary>
    /// The rows whose multiplicity changed since the last checkpoint, each with its multiplicity now
    /// (0: gone); for an append-only view the rows appended since.
    /// </summary>
    public void SnapshotDelta(Stream stream)
    {
        lock (readLock)
        {
            if (appended is not null)
            {
                using var w = new StateWriter(stream);
                appended.Save(w, appendedAtDelta);
                appendedAtDelta = appended.Committed;
                return;
            }

            changed.WriteCounts(stream, rows.GetValueOrDefault);
        }
    }

    public void ApplyDelta(Stream stream)
    {
        using var r = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        lock (readLock)
        {
            if (appended is not null)
            {
                appended.Load(r, append: true);
                return;
            }

            ChangedKeys.ReadCounts(stream, (row, n) => ChangedKeys.SetCount(rows, row, n));
        }
    }

    /// <summary>
    /// Rows of an append-only view in the growing columns of a <see cref="BatchBuilder"/> that is
    /// never built: rows below <see cref="Committed"/> are committed, the rest were appended by the
    /// running epoch. Callers hold the view's lock.
    /// </summary>
    private sealed class AppendedRows
    {
        private readonly BatchBuilder rows;
        private readonly Column[] columns;

        public AppendedRows(ImmutableArray<DataType> types)
        {
            rows = new BatchBuilder(types, 16);
            // The builder keeps its column objects until it is built, which this one never is.
            columns = [.. Enumerable.Range(0, types.Length).Select(c => rows[c])];
        }

        public int Committed { get; private set; }

        public void Append(Batch batch)
        {
            rows.Reserve(batch.RowCount);
            for (int i = 0; i < batch.RowCount; i++)
            {
                int r = batch.RowIndex(i);
                int weight = batch.Weights[r];
                if (weight == 0)
                    continue;
                if (weight < 0)
                    throw new InvalidOperationException("an append-only view received a retraction");
                rows.AppendRow(batch, r, weight);
            }
        }

        /// <summary>Commits the rows appended since the last call and returns them (rows made on demand).</summary>
        public IReadOnlyList<(object?[] Row, int Weight)> CommitEpoch()
        {
            var changes = new Range(this, Committed, rows.Count);
            Committed = rows.Count;
            return changes;
        }

        private int Weight(int row) => rows.WeightArray[row];

        private object?[] Row(int row)
        {
            var values = new object?[columns.Length];
            for (int c = 0; c < columns.Length; c++)
                values[c] = columns[c].GetValue(row);
            return values;
        }

        public List<object?[]> ReadRows()
        {
            var result = new List<object?[]>(Committed);
            for (int i = 0; i < Committed; i++)
            {
                var row = Row(i);
                for (int n = 0; n < Weight(i); n++)
                    result.Add(row);
            }
            return result;
        }

        public Batch ReadBatch()
        {
            var builder = new BatchBuilder(rows.Types, Math.Max(16, Committed));
            for (int i = 0; i < Committed; i++)
                builder.AppendRow(columns, i, Weight(i));
            return builder.Build();
        }

        /// <summary>Writes the committed rows from <paramref name="from"/> on.</summary>
        public void Save(BinaryWriter w, int from = 0)
        {
            w.Write(Committed - from);
            for (int i = from; i < Committed; i++)
            {
                ValueCodec.WriteRow(w, Row(i));
                w.Write((long)Weight(i));
            }
        }

        /// <summary>Reads rows written by <see cref="Save"/>, in place of the committed ones or after them.</summary>
        public void Load(BinaryReader r, bool append = false)
        {
            if (!append)
                rows.Clear();
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                var row = ValueCodec.ReadRow(r);
                long n = r.ReadInt64();
                if (n > 0)
                    rows.AddRow(row, checked((int)n));
            }
            Committed = rows.Count;
        }

        /// <summary>Rows [from, to) as changes; the rows stay as they are once committed.</summary>
        private sealed class Range(AppendedRows store, int from, int to) : IReadOnlyList<(object?[] Row, int Weight)>
        {
            public int Count => to - from;

            public (object?[] Row, int Weight) this[int index] =>
                (uint)index < (uint)Count ? (store.Row(from + index), store.Weight(from + index)) : throw new ArgumentOutOfRangeException(nameof(index));

            public IEnumerator<(object?[] Row, int Weight)> GetEnumerator()
            {
                for (int i = from; i < to; i++)
                    yield return (store.Row(i), store.Weight(i));
            }

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
