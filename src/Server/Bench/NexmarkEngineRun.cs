namespace StreamSql.Server.Bench;

/// <summary>
/// One query run through the engine: wall and process CPU time of the epochs, the peak working
/// set when the last epoch committed, each epoch's duration, and the view's final rows (in the
/// runtime's value representation).
/// </summary>
public sealed record NexmarkEngineRun(
    TimeSpan Wall,
    TimeSpan Cpu,
    long PeakMemoryBytes,
    IReadOnlyList<double> EpochMs,
    IReadOnlyList<object?[]> Rows);
