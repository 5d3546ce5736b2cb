using System.Text;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.State;

/// <summary>
/// The keys of an operator's keyed state that changed since the last checkpoint, for its delta
/// (<see cref="Operators.IOperator.SnapshotDelta"/>). Nothing is noted before the first
/// <see cref="Begin"/>, so an operator that is never checkpointed pays one branch per change. Each
/// key is held once (with its count at the checkpoint, for state that is a count per row), so the
/// set never outgrows the state it describes.
/// </summary>
public sealed class ChangedKeys
{
    // A key noted without a count is always written.
    private const long Unknown = long.MinValue;

    private readonly Dictionary<RowKey, long> keys = [];
    private bool tracking;

    public void Add(RowKey key)
    {
        if (tracking)
            keys[key] = Unknown;
    }

    /// <summary>
    /// Notes a row of state that is a count per row, with its count before this change; a row
    /// whose count ends where it was at the checkpoint is left out of the delta (a running
    /// aggregate's intermediate results come and go between checkpoints).
    /// </summary>
    public void Add(RowKey row, long countBefore)
    {
        if (tracking)
            keys.TryAdd(row, countBefore);
    }

    /// <summary>As <see cref="Add(RowKey, long)"/>; the row is hashed only while changes are noted.</summary>
    public void Add(object?[] row, long countBefore)
    {
        if (tracking)
            keys.TryAdd(new RowKey(row), countBefore);
    }

    /// <summary>Starts noting changes afresh.</summary>
    public void Begin()
    {
        tracking = true;
        keys.Clear();
    }

    /// <summary>The keys noted since <see cref="Begin"/>, and starts afresh.</summary>
    public List<RowKey> Take()
    {
        var taken = keys.Keys.ToList();
        Begin();
        return taken;
    }

    /// <summary>
    /// The delta of state that is a count per row: writes each noted row with the count
    /// <paramref name="countOf"/> gives now (0: gone), then starts afresh.
    /// </summary>
    public void WriteCounts(Stream stream, Func<RowKey, long> countOf)
    {
        using var w = new StateWriter(stream);
        var rows = new List<(RowKey Row, long Count)>(keys.Count);
        foreach (var (row, before) in keys)
        {
            long now = countOf(row);
            if (now != before)
                rows.Add((row, now));
        }

        Begin();
        w.Write(rows.Count);
        foreach (var (row, count) in rows)
        {
            ValueCodec.WriteRow(w, row.Values);
            w.Write(count);
        }
    }

    /// <summary>Reads what <see cref="WriteCounts"/> wrote, handing each row and its count to <paramref name="apply"/>.</summary>
    public static void ReadCounts(Stream stream, Action<RowKey, long> apply)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            var row = new RowKey(ValueCodec.ReadRow(r));
            apply(row, r.ReadInt64());
        }
    }

    /// <summary>Sets a row's count in <paramref name="counts"/>, removing the row at zero.</summary>
    public static void SetCount(Dictionary<RowKey, long> counts, RowKey row, long count)
    {
        if (count == 0)
            counts.Remove(row);
        else
            counts[row] = count;
    }
}
