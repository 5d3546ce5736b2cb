using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Reads interval literals and interval options at plan time (window sizes, watermark delays,
/// constant arithmetic, <c>idle_timeout</c>, FETCH timeouts) with the same PostgreSQL input rules as
/// a cast at run time (<see cref="IntervalParser"/>): <c>INTERVAL '5' SECOND</c>,
/// <c>INTERVAL '1 hour 30 minutes'</c>, <c>'0.5 month'</c>, <c>'1 2:03:04'</c>, <c>'1-2'</c>,
/// <c>'@ 1 hour ago'</c>, <c>'P1DT2H'</c>, <c>'500ms'</c>.
/// </summary>
internal static class IntervalText
{
    public static bool TryParse(string text, IntervalUnit? unit, out Interval value) =>
        IntervalParser.TryParse(text, unit switch
        {
            IntervalUnit.Year => IntervalField.Year,
            IntervalUnit.Month => IntervalField.Month,
            IntervalUnit.Day => IntervalField.Day,
            IntervalUnit.Hour => IntervalField.Hour,
            IntervalUnit.Minute => IntervalField.Minute,
            IntervalUnit.Second => IntervalField.Second,
            _ => null,
        }, out value);
}
