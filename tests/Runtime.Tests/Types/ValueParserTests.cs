using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Input error messages as PostgreSQL 15 words them, and the in-memory representation of parsed values.</summary>
public sealed class ValueParserTests
{
    private static SqlStateException Fails(string text, DataType type) =>
        Assert.Throws<SqlStateException>(() => ValueParser.Parse(text, type));

    [Fact]
    public void MessagesNameTheTypeAndTheText()
    {
        Assert.Equal("invalid input syntax for type integer: \"abc\"", Fails("abc", DataType.Int32).Message);
        Assert.Equal("invalid input syntax for type smallint: \"1e3\"", Fails("1e3", DataType.Int16).Message);
        Assert.Equal("invalid input syntax for type bigint: \"\"", Fails("", DataType.Int64).Message);
        Assert.Equal("value \"99999999999\" is out of range for type integer", Fails("99999999999", DataType.Int32).Message);
        Assert.Equal("invalid input syntax for type boolean: \"maybe\"", Fails("maybe", DataType.Boolean).Message);
        Assert.Equal("invalid input syntax for type double precision: \"x\"", Fails("x", DataType.Float64).Message);
        Assert.Equal("invalid input syntax for type real: \"x\"", Fails("x", DataType.Float32).Message);
        Assert.Equal("\"1e400\" is out of range for type double precision", Fails("1e400", DataType.Float64).Message);
        Assert.Equal("\"1e40\" is out of range for type real", Fails("1e40", DataType.Float32).Message);
        Assert.Equal("invalid input syntax for type numeric: \"1.2.3\"", Fails("1.2.3", DataType.Numeric).Message);
        Assert.Equal("invalid input syntax for type timestamp: \"noon\"", Fails("noon", DataType.Timestamp).Message);
        Assert.Equal("invalid input syntax for type timestamp with time zone: \"noon\"", Fails("noon", DataType.TimestampTz).Message);
        Assert.Equal("invalid input syntax for type date: \"noon\"", Fails("noon", DataType.Date).Message);
        Assert.Equal("date/time field value out of range: \"2022-02-30\"", Fails("2022-02-30", DataType.Date).Message);
        Assert.Equal("invalid input syntax for type interval: \"soon\"", Fails("soon", DataType.Interval).Message);
        Assert.Equal("invalid input syntax for type json", Fails("{", DataType.Jsonb).Message);
        Assert.NotNull(Fails("{", DataType.Jsonb).Detail);
        var array = Fails("{1,2", DataType.ArrayOf(DataType.Int32));
        Assert.Equal("malformed array literal: \"{1,2\"", array.Message);
        Assert.Equal("Unexpected end of input.", array.Detail);
        Assert.Equal("Junk after closing right brace.", Fails("{1}x", DataType.ArrayOf(DataType.Int32)).Detail);
    }

    [Fact]
    public void NumericNanAndInfinityAreNotRepresentable()
    {
        var e = Fails("NaN", DataType.Numeric);
        Assert.Equal("0A000", e.SqlState);
        Assert.Equal("0A000", Fails("Infinity", DataType.Numeric).SqlState);
        Assert.Equal("22003", Fails("1e40", DataType.Numeric).SqlState);
    }

    [Fact]
    public void ValuesUseTheKindsRepresentation()
    {
        Assert.IsType<short>(ValueParser.Parse("1", DataType.Int16));
        Assert.IsType<int>(ValueParser.Parse("1", DataType.Int32));
        Assert.IsType<long>(ValueParser.Parse("1", DataType.Int64));
        Assert.IsType<float>(ValueParser.Parse("1", DataType.Float32));
        Assert.IsType<double>(ValueParser.Parse("1", DataType.Float64));
        Assert.IsType<decimal>(ValueParser.Parse("1", DataType.Numeric));
        Assert.Equal(1_640_995_200_000_000L, ValueParser.Parse("2022-01-01", DataType.Timestamp));
        Assert.Equal(1_640_995_200_000_000L, ValueParser.Parse("2022-01-01 02:00+02", DataType.TimestampTz));
        Assert.Equal(18993, ValueParser.Parse("2022-01-01", DataType.Date));
        Assert.Equal(new Interval(0, 1, 0), ValueParser.Parse("1 day", DataType.Interval));
        Assert.Equal("{\"a\": 1}", ValueParser.Parse("{\"a\":1}", DataType.Jsonb));
        Assert.Equal(new object?[] { 1, null }, ValueParser.Parse("{1,NULL}", DataType.ArrayOf(DataType.Int32)));
        Assert.Equal("x", ValueParser.Parse("x", DataType.Unknown));
        Assert.Equal(long.MinValue, ValueParser.ParseInt64("-9223372036854775808"));
    }

    [Fact]
    public void TimestampTzWithoutOffsetUsesTheGivenZone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        Assert.Equal(ValueParser.Parse("2022-01-01 09:00:00+00", DataType.TimestampTz), ValueParser.Parse("2022-01-01 10:00:00", DataType.TimestampTz, paris));
        Assert.Equal(ValueParser.Parse("2022-01-01 10:00:00+00", DataType.TimestampTz), ValueParser.Parse("2022-01-01 10:00:00Z", DataType.TimestampTz, paris));
    }

    [Fact]
    public void NumericTypeModifierIsApplied()
    {
        Assert.Equal(1.01m, ValueParser.Parse("1.005", DataType.NumericOf(5, 2)));
        Assert.Equal("22003", Fails("1000", DataType.NumericOf(5, 2)).SqlState);
    }

    [Fact]
    public void NestedArraysNeedAnArrayElementType()
    {
        var nested = (object?[])ValueParser.Parse("{{1,2},{3,NULL}}", DataType.ArrayOf(DataType.ArrayOf(DataType.Int32)))!;
        Assert.Equal(new object?[] { 3, null }, nested[1]);
        Assert.Equal("22P02", Fails("{{1}}", DataType.ArrayOf(DataType.Int32)).SqlState);
        Assert.Equal("22P02", Fails("{1}", DataType.ArrayOf(DataType.ArrayOf(DataType.Int32))).SqlState);
        Assert.Equal("22P02", Fails("{a\"b}", DataType.ArrayOf(DataType.Text)).SqlState);
        Assert.Equal("22P02", Fails("{\"ab}", DataType.ArrayOf(DataType.Text)).SqlState);
        Assert.Equal("22P02", Fails("{a,,b}", DataType.ArrayOf(DataType.Text)).SqlState);
        Assert.Equal(new object?[] { "a,b", "c" }, ValueParser.Parse("{a\\,b,c}", DataType.ArrayOf(DataType.Text)));
    }
}
