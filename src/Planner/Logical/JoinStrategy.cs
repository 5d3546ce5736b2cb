namespace StreamSql.Planner.Logical;

/// <summary>The streaming shape a join was recognised as; decides how long each side's rows are kept.</summary>
public enum JoinStrategy
{
    /// <summary>Both sides kept forever (retractions supported): unbounded state.</summary>
    Regular,
    /// <summary><c>b.ts BETWEEN a.ts - d1 AND a.ts + d2</c>: rows leave state once the other side's watermark passes their range.</summary>
    Interval,
    /// <summary>Equal <c>window_start</c>/<c>window_end</c> on both sides: a window's rows leave state when it closes.</summary>
    Window,
}
