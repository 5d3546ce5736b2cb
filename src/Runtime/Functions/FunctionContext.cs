namespace StreamSql.Runtime.Functions;

/// <summary>
/// What a function may know beyond its arguments. Time never comes from the wall clock inside a
/// function: <c>now()</c> is the statement's or epoch's start, <c>proctime()</c> the epoch's logged
/// processing time, so that a re-run epoch computes the same values.
/// </summary>
public sealed record FunctionContext(long NowMicros, long ProcTimeMicros, TimeZoneInfo TimeZone)
{
    public static readonly FunctionContext Epoch0 = new(0, 0, TimeZoneInfo.Utc);
}
