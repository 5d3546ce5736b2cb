namespace StreamSql.Server.Bench;

/// <summary>
/// One query run through the engine: wall and process CPU time of the epochs, the peak working
/// set when the last epoch committed, each epoch's duration, and the view's final rows (in the
/// runtime's value representation), and what the garbage collector did meanwhile: collections per
/// generation, time paused, bytes allocated.
/// </summary>
public sealed record NexmarkEngineRun(
    TimeSpan Wall,
    TimeSpan Cpu,
    long PeakMemoryBytes,
    IReadOnlyList<double> EpochMs,
    IReadOnlyList<object?[]> Rows)
{
    public int[] Collections { get; init; } = [0, 0, 0];

    public TimeSpan GcPause { get; init; }

    public long AllocatedBytes { get; init; }
}
