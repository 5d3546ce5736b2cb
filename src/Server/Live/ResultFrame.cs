namespace StreamSql.Server.Live;

/// <summary>
/// What a subscriber receives: the changes of one committed epoch of a view, the snapshot as the
/// first frame, or a progress heartbeat. Shared unchanged by every subscriber of a feed, so it
/// must never be mutated after it is published.
/// </summary>
/// <param name="Epoch">The committed epoch these changes belong to.</param>
/// <param name="Columns">The column names, on a subscriber's first frame only; null otherwise.</param>
/// <param name="Changes">The changed rows, values already in their JSON representation (<see cref="JsonValues"/>).</param>
/// <param name="Progress">True for a heartbeat that says the epoch advanced with no change.</param>
public sealed record ResultFrame(long Epoch, IReadOnlyList<string>? Columns, IReadOnlyList<FrameChange> Changes, bool Progress)
{
    /// <summary>
    /// Set on a frame that merges shared frames for one subscriber that fell behind: those frames,
    /// whose changes in order are this frame's. Each part's JSON is encoded once for every
    /// subscriber, so a merged frame costs copies, not a serialization of its own.
    /// </summary>
    internal IReadOnlyList<ResultFrame>? Parts { get; init; }
}
