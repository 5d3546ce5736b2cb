namespace StreamSql.Server.Live;

/// <summary>One source (or watermarked table): rates, watermark and its lag behind processing time, late rows.</summary>
public sealed record SourceMetrics(
    string Name,
    long RecordsRead,
    double RecordsPerSecond,
    string? Watermark,
    string? MaxEventTime,
    double? WatermarkLagSeconds,
    long LateRows)
{
    /// <summary>Records the connector could not decode (sent where <c>on_error</c> says).</summary>
    public long BadRecords { get; init; }
}
