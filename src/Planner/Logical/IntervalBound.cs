using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>
/// The time condition of an interval join: <c>right[RightTime] BETWEEN left[LeftTime] + Lower AND left[LeftTime] + Upper</c>
/// (Lower may be negative). A left row can leave state once the right watermark passes its time + Upper,
/// a right row once the left watermark passes its time - Lower.
/// </summary>
public sealed record IntervalBound(int LeftTime, int RightTime, Interval Lower, Interval Upper);
