namespace StreamSql.Runtime.Connectors.Socket;

/// <summary>
/// Exponential back-off between connection attempts: the first retry waits
/// <see cref="Initial"/>, each failure doubles the wait up to <see cref="Max"/>, and a successful
/// connection starts over.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max)
{
    private TimeSpan next = initial;

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Max { get; } = max;

    /// <summary>The wait before the next attempt; doubles the one after it.</summary>
    public TimeSpan NextDelay()
    {
        var delay = next;
        next = next * 2 > Max ? Max : next * 2;
        return delay;
    }

    public void Reset() => next = Initial;
}
