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
}
