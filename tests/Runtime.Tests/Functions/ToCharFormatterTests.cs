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
