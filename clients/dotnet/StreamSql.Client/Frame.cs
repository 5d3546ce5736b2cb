namespace StreamSql.Client;

/// <summary>
/// The changes of one committed epoch as the server sends them. <see cref="Columns"/> is set on the
/// first frame of a subscription (and again on the first frame after a resume).
/// </summary>
/// <param name="Epoch">The committed epoch.</param>
/// <param name="Columns">Column names, or null after the first frame.</param>
/// <param name="Changes">The changed rows.</param>
/// <param name="Progress">True for a heartbeat with no changes.</param>
public sealed record Frame(long Epoch, string[]? Columns, FrameChange[] Changes, bool Progress);
