using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Text output details not reachable through text input (values computed in memory), checked against PostgreSQL 15.</summary>
public sealed class ValueFormatterTests
{
    [Fact]
    public void NullIsNull() => Assert.Null(ValueFormatter.Format(null, DataType.Int32));

    [Fact]
    public void BooleansAreTAndF()
    {
        Assert.Equal("t", ValueFormatter.Format(true, DataType.Boolean));
        Assert.Equal("f", ValueFormatter.Format(false, DataType.Boolean));
    }

    [Fact]
    public void NumericKeepsItsScale()
    {
        Assert.Equal("1.70", ValueFormatter.Format(1.70m, DataType.Numeric));
        Assert.Equal("0.33", ValueFormatter.Format(0.33m, DataType.Numeric));
        Assert.Equal("0.00", ValueFormatter.Format(-0.00m, DataType.Numeric));
        Assert.Equal("-1.5", ValueFormatter.Format(-1.5m, DataType.Numeric));
    }

    [Fact]
    public void FloatsUseShortestRoundTrip()
    {
        Assert.Equal("4.5", ValueFormatter.Format(4.5, DataType.Float64));
        Assert.Equal("1", ValueFormatter.Format(1.0, DataType.Float64));
        Assert.Equal("1e+20", ValueFormatter.Format(1e20, DataType.Float64));
        Assert.Equal("Infinity", ValueFormatter.Format(double.PositiveInfinity, DataType.Float64));
        Assert.Equal("NaN", ValueFormatter.Format(double.NaN, DataType.Float64));
        Assert.Equal("-0", ValueFormatter.Format(-0.0, DataType.Float64));
        Assert.Equal("0.30000000000000004", ValueFormatter.Format(0.1 + 0.2, DataType.Float64));
        Assert.Equal("1.7976931348623157e+308", ValueFormatter.Format(double.MaxValue, DataType.Float64));
        Assert.Equal("5e-324", ValueFormatter.Format(double.Epsilon, DataType.Float64));
        Assert.Equal("-1.5e-07", ValueFormatter.Format(-1.5e-7, DataType.Float64));
        Assert.Equal("0.33333334", ValueFormatter.Format(1f / 3f, DataType.Float32));
        Assert.Equal("-Infinity", ValueFormatter.Format(float.NegativeInfinity, DataType.Float32));
        Assert.Equal("-0", ValueFormatter.Format(-0f, DataType.Float32));
        Assert.Equal("NaN", ValueFormatter.Format(float.NaN, DataType.Float32));
    }

    [Fact]
    public void TimestampsTrimTheFraction()
    {
        var ts = (long)ValueParser.Parse("2022-06-10 12:20:04.858173", DataType.Timestamp)!;
        Assert.Equal("2022-06-10 12:20:04.858173", ValueFormatter.Format(ts, DataType.Timestamp));
        Assert.Equal("2022-06-10 12:20:04.85", ValueFormatter.Format(ts - 8173, DataType.Timestamp));
        Assert.Equal("1969-12-31 23:59:59.999999", ValueFormatter.Format(-1L, DataType.Timestamp));
        Assert.Equal("infinity", ValueFormatter.Format(long.MaxValue, DataType.Timestamp));
        Assert.Equal("-infinity", ValueFormatter.Format(long.MinValue, DataType.TimestampTz));
    }

    [Fact]
    public void TimestampTzShowsTheSessionOffset()
    {
        var utc = (long)ValueParser.Parse("2022-07-01 00:00:00+00", DataType.TimestampTz)!;
        Assert.Equal("2022-07-01 00:00:00+00", ValueFormatter.Format(utc, DataType.TimestampTz));
        Assert.Equal("2022-07-01 02:00:00+02", ValueFormatter.Format(utc, DataType.TimestampTz, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));
        Assert.Equal("2022-07-01 05:30:00+05:30", ValueFormatter.Format(utc, DataType.TimestampTz, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
        Assert.Equal("2022-06-30 21:30:00-02:30", ValueFormatter.Format(utc, DataType.TimestampTz, TimeZoneInfo.FindSystemTimeZoneById("America/St_Johns")));
    }

    [Fact]
    public void DatesBeforeTheCommonEraSayBc()
    {
        Assert.Equal("0001-12-31 BC", ValueFormatter.Format((int)CivilTime.DaysFromCivil(0, 12, 31), DataType.Date));
        Assert.Equal("infinity", ValueFormatter.Format(int.MaxValue, DataType.Date));
    }

    [Theory]
    [InlineData(0, 0, 0L, "00:00:00")]
    [InlineData(0, 0, 5_400_000_000L, "01:30:00")]
    [InlineData(0, 1, 7_200_000_000L, "1 day 02:00:00")]
    [InlineData(14, 0, 0L, "1 year 2 mons")]
    [InlineData(0, 0, -1_000_000L, "-00:00:01")]
    [InlineData(-1, 1, 0L, "-1 mons +1 day")]
    [InlineData(1, -1, 3_600_000_000L, "1 mon -1 days +01:00:00")]
    [InlineData(0, 2, 1L, "2 days 00:00:00.000001")]
    [InlineData(-12, 0, 0L, "-1 years")]
    [InlineData(0, 0, 360_000_000_000L, "100:00:00")]
    public void IntervalsUsePostgresStyle(int months, int days, long micros, string expected)
    {
        Assert.Equal(expected, ValueFormatter.Format(new Interval(months, days, micros), DataType.Interval));
    }

    [Fact]
    public void ExtremeIntervalDoesNotOverflow()
    {
        Assert.Equal("-2562047788:00:54.775808", ValueFormatter.FormatInterval(Interval.FromMicros(long.MinValue)));
        Assert.Equal("2562047788:00:54.775807", ValueFormatter.FormatInterval(Interval.FromMicros(long.MaxValue)));
    }

    [Fact]
    public void ArraysQuoteWhatNeedsQuoting()
    {
        object?[] items = ["a", "b c", "", "NULL", "x\"y", "back\\slash", null, "{}"];
        Assert.Equal("{a,\"b c\",\"\",\"NULL\",\"x\\\"y\",\"back\\\\slash\",NULL,\"{}\"}", ValueFormatter.Format(items, DataType.ArrayOf(DataType.Text)));
        object?[] nested = [new object?[] { 1, 2 }, new object?[] { 3, null }];
        Assert.Equal("{{1,2},{3,NULL}}", ValueFormatter.Format(nested, DataType.ArrayOf(DataType.ArrayOf(DataType.Int32))));
        object?[] intervals = [new Interval(0, 1, 0)];
        Assert.Equal("{\"1 day\"}", ValueFormatter.Format(intervals, DataType.ArrayOf(DataType.Interval)));
    }

    [Fact]
    public void JsonbIsItsCanonicalText()
    {
        Assert.Equal("{\"a\": 1}", ValueFormatter.Format("{\"a\": 1}", DataType.Jsonb));
    }
}
