namespace StreamSql.Server.Live;

/// <summary>
/// The server's metrics at one sample, as <c>GET /api/metrics</c> returns them and <c>/metrics</c>
/// prints them. Rates are per second over the last sampling interval.
/// </summary>
public sealed record MetricsSnapshot(
    DateTimeOffset At,
    long Epoch,
    double EpochsPerSecond,
    double EpochIntervalMs,
    int HubConnections,
    int Subscribers,
    IReadOnlyList<SourceMetrics> Sources,
    IReadOnlyList<ViewMetrics> Views)
{
    /// <summary>Open Postgres wire protocol connections.</summary>
    public int PgConnections { get; init; }

    /// <summary>How long epochs took, as a histogram.</summary>
    public Runtime.Engine.EpochDurations? EpochDurations { get; init; }

    /// <summary>Per subscriber (SignalR and Postgres SUBSCRIBE): what is queued for it and not yet read.</summary>
    public IReadOnlyList<ClientQueueMetrics> ClientQueues { get; init; } = [];
}

/// <summary>One subscriber's queue: <c>hub:&lt;connection&gt;</c> (frames) or <c>pg:&lt;subscription&gt;</c> (epochs).</summary>
public sealed record ClientQueueMetrics(string Client, string View, int Depth);
