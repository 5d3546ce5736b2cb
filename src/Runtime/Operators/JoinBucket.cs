using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Operators;

/// <summary>
/// The rows of one join key on one side of a <see cref="JoinOperator"/>. A small bucket is searched
/// row by row; from <see cref="IndexAfter"/> rows on it also keeps an index by row, so a key with
/// many rows (every auction of one window) does not make each change cost the bucket's size.
/// Removal moves the last entry into the freed place, so the order of entries is not stable.
/// </summary>
internal sealed class JoinBucket
{
    /// <summary>Rows up to which a linear search is cheaper than hashing the row.</summary>
    public const int IndexAfter = 8;

    private readonly List<JoinEntry> entries = [];
    private Dictionary<RowKey, JoinEntry>? byRow;

    public int Count => entries.Count;

    /// <summary>The entries, to iterate while the bucket is not changed.</summary>
    public IReadOnlyList<JoinEntry> Entries => entries;

    public JoinEntry? Find(object?[] row)
    {
        if (byRow is not null)
            return byRow.GetValueOrDefault(new RowKey(row));
        foreach (var e in entries)
        {
            if (BoxedValues.RowEquals(e.Row, row))
                return e;
        }

        return null;
    }

    public void Add(JoinEntry entry)
    {
        entry.Slot = entries.Count;
        entries.Add(entry);
        if (byRow is not null)
        {
            byRow.Add(new RowKey(entry.Row), entry);
        }
        else if (entries.Count > IndexAfter)
        {
            byRow = new Dictionary<RowKey, JoinEntry>(entries.Count * 2);
            foreach (var e in entries)
                byRow.Add(new RowKey(e.Row), e);
        }
    }

    public void Remove(JoinEntry entry)
    {
        int last = entries.Count - 1;
        if (entry.Slot != last)
        {
            var moved = entries[last];
            entries[entry.Slot] = moved;
            moved.Slot = entry.Slot;
        }

        entries.RemoveAt(last);
        byRow?.Remove(new RowKey(entry.Row));
    }

    /// <summary>Drops every entry whose row is <paramref name="expired"/> (true when there was one); the rest keep their order.</summary>
    public bool RemoveWhere(Func<object?[], bool> expired)
    {
        int kept = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (expired(e.Row))
            {
                byRow?.Remove(new RowKey(e.Row));
                continue;
            }

            e.Slot = kept;
            entries[kept++] = e;
        }

        bool removed = kept < entries.Count;
        entries.RemoveRange(kept, entries.Count - kept);
        return removed;
    }
}
