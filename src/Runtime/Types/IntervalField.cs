namespace StreamSql.Runtime.Types;

/// <summary>
/// The field qualifier of an interval literal or type (<c>INTERVAL '5' SECOND</c>,
/// <c>INTERVAL '1:30' HOUR TO MINUTE</c>). A bare number is read in the unit of the last
/// field; fields below the qualifier's lowest field are truncated away, as PostgreSQL does.
/// </summary>
public enum IntervalField : byte
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    YearToMonth,
    DayToHour,
    DayToMinute,
    DayToSecond,
    HourToMinute,
    HourToSecond,
    MinuteToSecond,
}
