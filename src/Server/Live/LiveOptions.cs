namespace StreamSql.Server.Live;

/// <summary>Limits and settings of the live front end (hub, HTTP API, console).</summary>
public sealed record LiveOptions
{
    /// <summary>
    /// Changed rows a subscriber may have unread before it is cut off (it can resume with <c>since</c>).
    /// A subscriber that falls behind gets the epochs that arrive meanwhile merged into one frame.
    /// </summary>
    public int ClientBufferRows { get; init; } = 1_000_000;

    /// <summary>How long a feed keeps its committed frames for resuming subscribers.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a feed stays open after its last subscriber left, so a reconnect can resume.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Origins allowed to call the API and the hub from a browser page on another origin; empty: none.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Rows <c>POST /api/sql</c> returns per result at most; the rest is cut and the result marked truncated.</summary>
    public int ApiRowLimit { get; init; } = 10_000;

    /// <summary>A result of <c>POST /api/sql</c> that produces no row for this long (a SUBSCRIBE) is ended and marked truncated.</summary>
    public TimeSpan ApiIdleTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the metrics are sampled (rates are per second over this interval).</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(1);
}
