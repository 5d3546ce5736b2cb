using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>
/// <see cref="CastEvaluator"/> against PostgreSQL 15: each case is <c>SELECT 'literal'::from::to</c>
/// with the text PostgreSQL printed (TimeZone UTC), or <c>ERROR</c> and the SQLSTATE.
/// </summary>
public sealed class CastOracleTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "numeric 2.5", "int4", "3" },
        { "numeric -2.5", "int4", "-3" },
        { "numeric 2.4999", "int4", "2" },
        { "float8 2.5", "int4", "2" },
        { "float8 3.5", "int4", "4" },
        { "float8 -2.5", "int4", "-2" },
        { "float4 2.5", "int2", "2" },
        { "float8 2147483647.4", "int4", "2147483647" },
        { "float8 2147483647.5", "int4", "ERROR 22003" },
        { "float8 NaN", "int4", "ERROR 22003" },
        { "float8 1e19", "int8", "ERROR 22003" },
        { "int8 2147483648", "int4", "ERROR 22003" },
        { "int4 32768", "int2", "ERROR 22003" },
        { "int4 -32768", "int2", "-32768" },
        { "numeric 9223372036854775807.5", "int8", "ERROR 22003" },
        { "numeric 32767.4", "int2", "32767" },
        { "int4 7", "float8", "7" },
        { "int8 9007199254740993", "float8", "9.007199254740992e+15" },
        { "int4 16777217", "float4", "1.6777216e+07" },
        { "float8 0.1", "float4", "0.1" },
        { "float8 1e300", "float4", "ERROR 22003" },
        { "float8 1e-300", "float4", "ERROR 22003" },
        { "float4 0.1", "float8", "0.10000000149011612" },
        { "float8 0.1", "numeric", "0.1" },
        { "float8 1e20", "numeric", "100000000000000000000" },
        { "float8 1.23456789012345678", "numeric", "1.23456789012346" },
        { "float4 0.1", "numeric", "0.1" },
        { "float8 12.345", "numeric(4,1)", "12.3" },
        { "numeric 1.005", "numeric(5,2)", "1.01" },
        { "numeric 123.456", "numeric(5,1)", "123.5" },
        { "numeric 12345.6", "numeric(5,1)", "ERROR 22003" },
        { "numeric 0.5", "numeric(1,0)", "1" },
        { "numeric 1.5", "float8", "1.5" },
        { "numeric 0.1", "float4", "0.1" },
        { "int4 5", "numeric", "5" },
        { "int4 5", "numeric(5,2)", "5.00" },
        { "int4 1", "bool", "t" },
        { "int4 0", "bool", "f" },
        { "int4 -3", "bool", "t" },
        { "bool true", "int4", "1" },
        { "bool false", "int4", "0" },
        { "bool true", "text", "true" },
        { "bool false", "text", "false" },
        { "int4 42", "text", "42" },
        { "numeric 1.50", "text", "1.50" },
        { "float8 1e20", "text", "1e+20" },
        { "date 2022-01-01", "text", "2022-01-01" },
        { "interval 90 minutes", "text", "01:30:00" },
        { "int4[] {1,NULL}", "text", "{1,NULL}" },
        { "text 42", "int4", "42" },
        { "text x", "int4", "ERROR 22P02" },
        { "text 2022-01-01 10:00", "timestamp", "2022-01-01 10:00:00" },
        { "text {1,2}", "int8[]", "{1,2}" },
        { "date 2022-01-01", "timestamp", "2022-01-01 00:00:00" },
        { "date 2022-01-01", "timestamptz", "2022-01-01 00:00:00+00" },
        { "date infinity", "timestamp", "infinity" },
        { "timestamp 2022-01-01 10:30:00", "date", "2022-01-01" },
        { "timestamp 1969-12-31 23:59:59", "date", "1969-12-31" },
        { "timestamp 2022-01-01 10:30:00", "timestamptz", "2022-01-01 10:30:00+00" },
        { "timestamptz 2022-01-01 10:30:00+02", "timestamp", "2022-01-01 08:30:00" },
        { "timestamptz 2022-01-01 23:30:00-02", "date", "2022-01-02" },
        { "jsonb 42", "int4", "42" },
        { "jsonb 42.5", "int4", "43" },
        { "jsonb 1.5", "numeric", "1.5" },
        { "jsonb 1.5", "float8", "1.5" },
        { "jsonb true", "bool", "t" },
        { "jsonb \"a\"", "int4", "ERROR 22023" },
        { "jsonb {}", "bool", "ERROR 22023" },
        { "jsonb 1", "bool", "ERROR 22023" },
        { "int4[] {1,2,NULL}", "int8[]", "{1,2,NULL}" },
        { "float8[] {1.5,2.5}", "int4[]", "{2,2}" },
        { "text[] {1,x}", "int4[]", "ERROR 22P02" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CastsAsPostgreSql(string literal, string toName, string expected)
    {
        var space = literal.IndexOf(' ');
        var from = PgTypes.FromSqlName(literal[..space])!;
        var to = PgTypes.FromSqlName(toName)!;
        string actual;
        try
        {
            var value = ValueParser.Parse(literal[(space + 1)..], from, TimeZoneInfo.Utc);
            actual = ValueFormatter.Format(CastEvaluator.Cast(value, from, to, TimeZoneInfo.Utc), to, TimeZoneInfo.Utc) ?? "NULL";
        }
        catch (SqlStateException e)
        {
            actual = "ERROR " + e.SqlState;
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NullStaysNullForEveryCast()
    {
        Assert.Null(CastEvaluator.Cast(null, DataType.Text, DataType.Int32));
        Assert.Null(CastEvaluator.Cast(null, DataType.Interval, DataType.Date));
    }

    [Fact]
    public void CastWithoutPgCastEntryIsCannotCoerce()
    {
        var e = Assert.Throws<SqlStateException>(() => CastEvaluator.Cast(Interval.FromMicros(1), DataType.Interval, DataType.Date));
        Assert.Equal("42846", e.SqlState);
        Assert.Equal("cannot cast type interval to date", e.Message);
        e = Assert.Throws<SqlStateException>(() => CastEvaluator.Cast(true, DataType.Boolean, DataType.Int64));
        Assert.Equal("cannot cast type boolean to bigint", e.Message);
    }

    [Fact]
    public void TimestampTzFollowsTheSessionZone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var utc = (long)ValueParser.Parse("2022-07-01 10:00:00+00", DataType.TimestampTz)!;
        Assert.Equal("2022-07-01 12:00:00", ValueFormatter.Format(CastEvaluator.Cast(utc, DataType.TimestampTz, DataType.Timestamp, paris), DataType.Timestamp));
        Assert.Equal("2022-07-01 12:00:00+02", ValueFormatter.Format(utc, DataType.TimestampTz, paris));
        var local = (long)ValueParser.Parse("2022-01-01 10:00:00", DataType.Timestamp)!;
        Assert.Equal("2022-01-01 09:00:00+00", ValueFormatter.Format(CastEvaluator.Cast(local, DataType.Timestamp, DataType.TimestampTz, paris), DataType.TimestampTz));
        Assert.Equal("2022-01-01 10:00:00+05:30", ValueFormatter.Format((long)ValueParser.Parse("2022-01-01 04:30:00Z", DataType.TimestampTz)!, DataType.TimestampTz, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata")));
    }
}
