namespace StreamSql.Runtime.Engine;

/// <summary>Scheduler and subscriber limits.</summary>
public sealed record RuntimeOptions
{
    /// <summary>Rows drained from all inputs into one epoch at most.</summary>
    public int MaxRowsPerEpoch { get; init; } = 100_000;

    /// <summary>With no input, an epoch still runs this often to advance processing time and idle watermarks.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Epochs a subscriber may fall behind before it is cut off with SQLSTATE 53400.</summary>
    public int SubscriberBufferEpochs { get; init; } = 1024;

    /// <summary>How long (processing time) a subscribed view's changes are kept for subscribers that resume after an epoch.</summary>
    public TimeSpan ChangeRetention { get; init; } = TimeSpan.FromMinutes(10);

    public static readonly RuntimeOptions Default = new();
}
