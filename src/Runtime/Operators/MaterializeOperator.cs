using System.Collections.Immutable;
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
/// </summary>
public sealed class MaterializeOperator(ImmutableArray<DataType> types) : IOperator
{
    private readonly Dictionary<RowKey, long> rows = [];
    private readonly Dictionary<RowKey, long> delta = [];
    private readonly object readLock = new();

    public ImmutableArray<DataType> Types { get; } = types;

    /// <summary>Called at each epoch end with the epoch's consolidated changes (possibly empty) and the view watermarks sent this epoch.</summary>
    public event Action<long, IReadOnlyList<(object?[] Row, int Weight)>, IReadOnlyList<Watermark>>? Committed;

    private readonly List<Watermark> watermarks = [];

    public void OnBatch(Batch batch)
    {
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
        var changes = new List<(object?[] Row, int Weight)>(delta.Count);
        lock (readLock)
        {
            foreach (var (key, n) in delta)
            {
                long now = rows.GetValueOrDefault(key) + n;
                if (now == 0)
                    rows.Remove(key);
                else
                    rows[key] = now;
                changes.Add((key.Values, (int)n));
            }
        }
        delta.Clear();
        var marks = watermarks.ToList();
        watermarks.Clear();
        Committed?.Invoke(epoch, changes, marks);
    }

    /// <summary>The committed rows, each repeated by its multiplicity (negative multiplicities are not shown).</summary>
    public List<object?[]> ReadRows()
    {
        lock (readLock)
        {
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
            var builder = new BatchBuilder(Types, Math.Max(16, rows.Count));
            foreach (var (key, n) in rows)
                if (n > 0)
                    builder.AddRow(key.Values, (int)n);
            return builder.Build();
        }
    }

    public int RowCount
    {
        get
        {
            lock (readLock)
                return rows.Count;
        }
    }

    public void Snapshot(Stream stream)
    {
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        lock (readLock)
        {
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
            rows.Clear();
            delta.Clear();
            int count = r.ReadInt32();
            for (int i = 0; i < count; i++)
                rows[new RowKey(ValueCodec.ReadRow(r))] = r.ReadInt64();
        }
    }
}
