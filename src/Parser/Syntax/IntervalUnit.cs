namespace StreamSql.Parser.Syntax;

public enum IntervalUnit
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}
