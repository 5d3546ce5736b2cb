using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Calendar arithmetic, including the session time zone's transitions (expected values from PostgreSQL 15 with TimeZone Europe/Paris).</summary>
public sealed class DateTimeMathTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static long Tz(string text) => (long)ValueParser.Parse(text, DataType.TimestampTz, Paris)!;

    private static string Show(long utc) => ValueFormatter.FormatTimestampTz(utc, Paris);

    [Fact]
    public void DaysMoveTheWallClockAcrossDaylightSavingTime()
    {
        var before = Tz("2022-03-26 12:00:00+01");
        Assert.Equal("2022-03-27 12:00:00+02", Show(DateTimeMath.Add(before, new Interval(0, 1, 0), Paris)));
        Assert.Equal("2022-03-27 13:00:00+02", Show(DateTimeMath.Add(before, Interval.FromMicros(24 * Interval.MicrosPerHour), Paris)));
        Assert.Equal("2022-03-26 12:00:00+01", Show(DateTimeMath.Subtract(Tz("2022-03-27 12:00:00+02"), new Interval(0, 1, 0), Paris)));
    }

    [Fact]
    public void SkippedAndRepeatedLocalTimesTakePostgreSqlsOffset()
    {
        Assert.Equal("2022-03-27 03:30:00+02", Show(Tz("2022-03-27 02:30:00")));
        Assert.Equal("2022-10-30 02:30:00+01", Show(Tz("2022-10-30 02:30:00")));
        Assert.Equal("2022-07-01 12:00:00+02", Show(Tz("2022-07-01 12:00:00")));
    }

    [Fact]
    public void MonthsClampToTheEndOfTheMonth()
    {
        var jan31 = (long)ValueParser.Parse("2024-01-31", DataType.Timestamp)!;
        Assert.Equal("2024-02-29 00:00:00", ValueFormatter.FormatTimestamp(DateTimeMath.Add(jan31, new Interval(1, 0, 0))));
        Assert.Equal("2023-02-28 00:00:00", ValueFormatter.FormatTimestamp(DateTimeMath.Add(jan31, new Interval(-11, 0, 0))));
        Assert.Equal("2025-01-31 00:00:00", ValueFormatter.FormatTimestamp(DateTimeMath.Add(jan31, new Interval(12, 0, 0))));
    }

    [Fact]
    public void InfiniteTimestampsStayInfinite()
    {
        Assert.Equal(long.MaxValue, DateTimeMath.Add(long.MaxValue, new Interval(1, 1, 1)));
        Assert.Equal(long.MinValue, DateTimeMath.Add(long.MinValue, new Interval(1, 1, 1), Paris));
        Assert.Equal(int.MaxValue, DateTimeMath.AddDays(int.MaxValue, 5));
    }

    [Fact]
    public void OutOfRangeIs22008()
    {
        var e = Assert.Throws<SqlStateException>(() => DateTimeMath.Add(long.MaxValue - 1, Interval.FromMicros(5)));
        Assert.Equal("22008", e.SqlState);
        Assert.Equal("timestamp out of range", e.Message);
        Assert.Equal("22008", Assert.Throws<SqlStateException>(() => DateTimeMath.Add(0L, new Interval(0, -1_000_000_000, 0))).SqlState);
        Assert.Equal("22008", Assert.Throws<SqlStateException>(() => DateTimeMath.AddDays(0, int.MaxValue - 1)).SqlState);
        Assert.Equal("date out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.AddDays(0, int.MinValue + 1)).Message);
        Assert.Equal("interval out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.Add(new Interval(int.MaxValue, 0, 0), new Interval(1, 0, 0))).Message);
        Assert.Equal("interval out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.Negate(new Interval(int.MinValue, 0, 0))).Message);
        Assert.Equal("interval out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.Multiply(new Interval(1, 0, 0), double.NaN)).Message);
        Assert.Equal("interval out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.Multiply(new Interval(100, 0, 0), 1e10)).Message);
        Assert.Equal("interval out of range", Assert.Throws<SqlStateException>(() => DateTimeMath.Difference(long.MaxValue - 1, long.MinValue + 1)).Message);
        Assert.Equal("22008", Assert.Throws<SqlStateException>(() => DateTimeMath.Difference(long.MaxValue, 0)).SqlState);
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => DateTimeMath.Divide(new Interval(1, 0, 0), 0)).SqlState);
    }

    [Fact]
    public void CivilCalendarRoundTrips()
    {
        foreach (var days in new long[] { -719468, -1, 0, 1, 11016, 19000, 2932896 })
        {
            var (y, m, d) = CivilTime.CivilFromDays(days);
            Assert.Equal(days, CivilTime.DaysFromCivil(y, m, d));
        }
        Assert.Equal((2000L, 3, 1), CivilTime.CivilFromDays(11017));
        Assert.Equal(4, CivilTime.DayOfWeek(0));
        Assert.Equal(3, CivilTime.DayOfWeek(-1));
        Assert.Equal((-1L, Interval.MicrosPerDay - 1), CivilTime.SplitMicros(-1));
        Assert.Equal(29, CivilTime.DaysInMonth(2000, 2));
        Assert.Equal(28, CivilTime.DaysInMonth(1900, 2));
    }
}
