using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Interval literals with field qualifiers, as PostgreSQL 15 reads <c>INTERVAL 'text' FIELD</c>.</summary>
public sealed class IntervalParserTests
{
    [Theory]
    [InlineData("5", IntervalField.Second, "00:00:05")]
    [InlineData("1", IntervalField.Day, "1 day")]
    [InlineData("30", IntervalField.Minute, "00:30:00")]
    [InlineData("10", IntervalField.Second, "00:00:10")]
    [InlineData("1.5", IntervalField.Hour, "01:00:00")]
    [InlineData("1 day 02:03:04", IntervalField.Day, "1 day")]
    [InlineData("1 day 02:03:04", IntervalField.HourToMinute, "1 day 02:03:00")]
    [InlineData("100", IntervalField.Year, "100 years")]
    [InlineData("14", IntervalField.Month, "1 year 2 mons")]
    [InlineData("1:30", IntervalField.MinuteToSecond, "00:01:30")]
    [InlineData("1-2", IntervalField.YearToMonth, "1 year 2 mons")]
    [InlineData("2 days 3 hours", IntervalField.DayToHour, "2 days 03:00:00")]
    [InlineData("3", IntervalField.HourToSecond, "00:00:03")]
    [InlineData("1 year 5 mons", IntervalField.Year, "1 year")]
    [InlineData("1-2", null, "1 year 2 mons")]
    [InlineData("-1-2", null, "-1 years -2 mons")]
    [InlineData("1 1:30", IntervalField.DayToMinute, "1 day 01:30:00")]
    [InlineData("2 -01:00", null, "2 days -01:00:00")]
    [InlineData("1:30", IntervalField.HourToMinute, "01:30:00")]
    [InlineData("1:30:15", IntervalField.HourToSecond, "01:30:15")]
    [InlineData("1.5", IntervalField.Month, "1 mon")]
    [InlineData("1.5", IntervalField.Day, "1 day")]
    [InlineData("1.5", IntervalField.Minute, "00:01:00")]
    [InlineData("1.5", IntervalField.Year, "1 year")]
    [InlineData("1 day", IntervalField.Second, "1 day")]
    [InlineData("90", IntervalField.Second, "00:01:30")]
    [InlineData("-5", IntervalField.Minute, "-00:05:00")]
    [InlineData("0.5", IntervalField.Second, "00:00:00.5")]
    public void QualifiedLiteralsMatchPostgreSql(string text, IntervalField? field, string expected)
    {
        Assert.Equal(expected, ValueFormatter.FormatInterval(IntervalParser.Parse(text, field)));
    }

    [Fact]
    public void KeepsMonthsDaysAndMicrosecondsApart()
    {
        Assert.Equal(new Interval(14, 3, 4 * Interval.MicrosPerHour), IntervalParser.Parse("1 year 2 months 3 days 4 hours"));
        Assert.Equal(Interval.FromMicros(-1_500_000), IntervalParser.Parse("-1.5 seconds"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5 parsecs")]
    [InlineData("1 day ago ago x")]
    [InlineData("P1X")]
    [InlineData("PT")]
    [InlineData("1:2:3:4")]
    [InlineData("--1")]
    public void BadSyntaxIs22007(string text)
    {
        var e = Assert.Throws<SqlStateException>(() => IntervalParser.Parse(text));
        Assert.Equal("22007", e.SqlState);
        Assert.Equal($"invalid input syntax for type interval: \"{text}\"", e.Message);
    }

    [Theory]
    [InlineData("99999999999 years")]
    [InlineData("3000000000 days")]
    [InlineData("1-12")]
    [InlineData("01:61")]
    public void OverflowIs22015(string text)
    {
        var e = Assert.Throws<SqlStateException>(() => IntervalParser.Parse(text));
        Assert.Equal("22015", e.SqlState);
        Assert.Equal($"interval field value out of range: \"{text}\"", e.Message);
    }

    [Fact]
    public void TryParseReportsFailureWithoutThrowing()
    {
        Assert.True(IntervalParser.TryParse("2 minutes", null, out var v));
        Assert.Equal(Interval.FromMicros(2 * Interval.MicrosPerMinute), v);
        Assert.False(IntervalParser.TryParse("two minutes", null, out _));
        Assert.False(IntervalParser.TryParse("99999999999 years", null, out _));
    }
}
