using StreamSql.Runtime.Functions;

namespace StreamSql.Runtime.Expressions;

/// <summary>
/// The function context of the epoch being run (its start time as now(), its logged processing
/// time as proctime()). One per runtime, set by the scheduler before each epoch, read by compiled
/// calls; never the wall clock inside a function, so a replayed epoch computes the same values.
/// </summary>
public sealed class EpochClock(FunctionContext initial)
{
    public FunctionContext Current { get; set; } = initial;
}
