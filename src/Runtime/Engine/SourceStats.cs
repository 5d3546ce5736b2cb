namespace StreamSql.Runtime.Engine;

/// <summary>
/// One row of SHOW WATERMARKS for a source or watermarked table: its watermark and largest event
/// time (microseconds, null before the first row), rows dropped as late by views reading it, and
/// records read.
/// </summary>
public sealed record SourceStats(string Name, long? WatermarkMicros, long? MaxEventTimeMicros, long LateRows, long RecordsRead)
{
    /// <summary>Records the source's connector could not decode (whatever <c>on_error</c> did with them).</summary>
    public long BadRecords { get; init; }

    /// <summary>Why the source stopped reading (a record it may not go past: <c>on_error = 'fail'</c>); null while it reads.</summary>
    public string? StoppedBy { get; init; }
}
