namespace StreamSql.Runtime.Plan;

/// <summary>
/// The time condition of an interval join:
/// <c>left[LeftTime] + LowerMicros &lt;= right[RightTime] &lt;= left[LeftTime] + UpperMicros</c>
/// (RightTime indexes the right input). State on each side is freed once the other side's
/// watermark makes a match impossible.
/// </summary>
public sealed record IntervalJoinBounds(int LeftTime, int RightTime, long LowerMicros, long UpperMicros);
