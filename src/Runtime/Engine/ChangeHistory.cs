using StreamSql.Runtime.State;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A view's committed changes kept for subscribers that resume after an epoch
/// (<c>SUBSCRIBE ... WITH (SINCE = e)</c>): kept from the view's first subscription on, for
/// <see cref="Retention"/> of processing time, and saved with checkpoints, so a
/// restarted server still has them (the epochs it runs again after the checkpoint add theirs again,
/// with the same numbers).
/// </summary>
internal sealed class ChangeHistory(long retainedAfter, TimeSpan retention)
{
    private readonly Queue<(ViewChange Change, long AtMicros)> changes = new();

    /// <summary>
    /// How long changes are kept: the longest any subscription of the view asked for, and at least
    /// <see cref="RuntimeOptions.ChangeRetention"/>; it never shrinks, so a subscriber that asked for
    /// an hour can resume within the hour whoever subscribed since.
    /// </summary>
    public TimeSpan Retention { get; private set; } = retention;

    /// <summary>Keeps changes for at least <paramref name="retention"/> from now on.</summary>
    public void KeepFor(TimeSpan retention)
    {
        if (retention > Retention)
            Retention = retention;
    }

    /// <summary>Every change of an epoch above this one is kept.</summary>
    public long RetainedAfter { get; private set; } = retainedAfter;

    public int Count => changes.Count;

    public void Add(ViewChange change, long atMicros) => changes.Enqueue((change, atMicros));

    /// <summary>Forgets the changes committed before <paramref name="micros"/> (processing time).</summary>
    public void ForgetBefore(long micros)
    {
        while (changes.TryPeek(out var oldest) && oldest.AtMicros < micros)
        {
            changes.Dequeue();
            RetainedAfter = oldest.Change.Epoch;
        }
    }

    public IEnumerable<ViewChange> After(long epoch) =>
        changes.Where(c => c.Change.Epoch > epoch).Select(c => c.Change);

    /// <summary>
    /// Writes how far changes were forgotten, then the kept changes of the epochs after
    /// <paramref name="after"/> (all of them with <see cref="long.MinValue"/>); read back by
    /// <see cref="Read"/>, or by <see cref="ReadAfter"/> into the history as it was at epoch <paramref name="after"/>.
    /// </summary>
    public void Write(BinaryWriter w, long after = long.MinValue)
    {
        w.Write(RetainedAfter);
        int count = 0;
        foreach (var (change, _) in changes)
            if (change.Epoch > after)
                count++;
        w.Write(count);
        foreach (var (change, at) in changes)
        {
            if (change.Epoch <= after)
                continue;
            w.Write(change.Epoch);
            w.Write(at);
            w.Write(change.Rows.Count);
            foreach (var row in change.Rows)
            {
                w.Write(row.Diff);
                ValueCodec.WriteRow(w, row.Values);
            }
        }
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote with a later epoch than every change kept here: forgets
    /// what was forgotten meanwhile and adds the changes after it.
    /// </summary>
    public void ReadAfter(BinaryReader r)
    {
        long retainedAfter = r.ReadInt64();
        while (changes.TryPeek(out var oldest) && oldest.Change.Epoch <= retainedAfter)
            changes.Dequeue();
        RetainedAfter = Math.Max(RetainedAfter, retainedAfter);
        ReadChanges(r, this);
    }

    public static ChangeHistory Read(BinaryReader r, TimeSpan retention)
    {
        var history = new ChangeHistory(r.ReadInt64(), retention);
        ReadChanges(r, history);
        return history;
    }

    private static void ReadChanges(BinaryReader r, ChangeHistory history)
    {
        int count = r.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            long epoch = r.ReadInt64(), at = r.ReadInt64();
            var rows = new ChangeRow[r.ReadInt32()];
            for (int j = 0; j < rows.Length; j++)
            {
                int diff = r.ReadInt32();
                rows[j] = new ChangeRow(ValueCodec.ReadRow(r), diff);
            }
            history.Add(new ViewChange(epoch, rows), at);
        }
    }
}
