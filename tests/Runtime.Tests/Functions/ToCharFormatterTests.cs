using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Functions;

/// <summary>to_char template patterns beyond the oracle cases (expected values from PostgreSQL 15).</summary>
public sealed class ToCharFormatterTests
{
    private static long Ts(string text) => (long)ValueParser.Parse(text, DataType.Timestamp)!;

    [Theory]
    [InlineData("2022-01-01 00:05:00", "HH:MI:SS AM", "12:05:00 AM")]
    [InlineData("2022-01-01 12:05:00", "HH12 PM p.m. A.M.", "12 PM p.m. P.M.")]
    [InlineData("2022-01-01 13:05:00", "hh24:mi", "13:05")]
    [InlineData("2022-12-31 13:05:00", "YYYY YYY YY Y IYYY IW ID", "2022 022 22 2 2022 52 6")]
    [InlineData("2022-01-01 00:00:00", "\"Year\" YYYY", "Year 2022")]
    [InlineData("2022-01-01 00:00:00", "FMDDth FMMMth", "1st 1st")]
    [InlineData("2022-01-02 00:00:00", "DDth", "02nd")]
    [InlineData("2022-01-03 00:00:00", "DDth", "03rd")]
    [InlineData("2022-01-11 00:00:00", "DDth", "11th")]
    [InlineData("2022-01-23 00:00:00", "DDTH", "23RD")]
    [InlineData("2022-05-05 00:00:00", "MONTH|month|MON|mon", "MAY      |may      |MAY|may")]
    [InlineData("2022-05-05 00:00:00", "DAY|DY|dy", "THURSDAY |THU|thu")]
    public void PatternsMatchPostgreSql(string timestamp, string pattern, string expected) =>
        Assert.Equal(expected, ToCharFormatter.Format(Ts(timestamp), null, pattern));

    [Theory]
    [InlineData("123.456", "999.99", " 123.46")]
    [InlineData("-123.456", "999.99", "-123.46")]
    [InlineData("1234", "999", " ###")]
    [InlineData("1234.5", "999.9", " ###.#")]
    [InlineData("-1234.5", "999.9", "-###.#")]
    [InlineData("-1234.5", "FM999.9", "-###.#")]
    [InlineData("0.5", "9.99", "  .50")]
    [InlineData("0.5", "0.99", " 0.50")]
    [InlineData("123", "FM999.99", "123.")]
    [InlineData("1.5", "FM9.99", "1.5")]
    [InlineData("1234", "9,999", " 1,234")]
    [InlineData("1234567.891", "FM9,999,999.00", "1,234,567.89")]
    [InlineData("5", "000", " 005")]
    [InlineData("-5", "S999", "  -5")]
    [InlineData("5", "S999", "  +5")]
    [InlineData("-5", "999MI", "  5-")]
    [InlineData("12", "99D9", " 12.0")]
    [InlineData("0", "999", "   0")]
    [InlineData("0", "FM999", "0")]
    [InlineData("-0.5", "FM990.9", "-0.5")]
    [InlineData("42", "99999", "    42")]
    [InlineData("123.456", "FM999", "123")]
    [InlineData("-1234", "FM9G999", "-1,234")]
    public void NumberPatternsMatchPostgreSql(string value, string pattern, string expected) =>
        Assert.Equal(expected, ToCharFormatter.FormatNumber(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), pattern));

    [Fact]
    public void InfiniteTimestampsFormatAsEmpty() =>
        Assert.Equal("", ToCharFormatter.Format(long.MaxValue, null, "YYYY"));

    [Fact]
    public void ZoneFieldsOnlyForTimestampTz()
    {
        var utc = (long)ValueParser.Parse("2022-07-01 00:00:00+00", DataType.TimestampTz)!;
        Assert.Equal("02 +02", ToCharFormatter.Format(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), "HH24 OF"));
        Assert.Equal("05 +05:30", ToCharFormatter.Format(utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), "HH24 OF"));
        Assert.Equal("00 ", ToCharFormatter.Format(utc, null, "HH24 TZ"));
    }
}
