using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.State;

/// <summary>
/// The keys of an operator's keyed state that changed since the last checkpoint, for its delta
/// (<see cref="Operators.IOperator.SnapshotDelta"/>). Nothing is noted before the first
/// <see cref="Begin"/>, so an operator that is never checkpointed pays one branch per change. The set
/// holds each key once, so it never outgrows the state it describes.
/// </summary>
public sealed class ChangedKeys
{
    private readonly HashSet<RowKey> keys = [];

    public bool Tracking { get; private set; }

    public int Count => keys.Count;

    public void Add(RowKey key)
    {
        if (Tracking)
            keys.Add(key);
    }

    /// <summary>Starts noting changes afresh.</summary>
    public void Begin()
    {
        Tracking = true;
        keys.Clear();
    }

    /// <summary>The keys noted since <see cref="Begin"/>, and starts afresh.</summary>
    public List<RowKey> Take()
    {
        var taken = keys.ToList();
        Begin();
        return taken;
    }
}
