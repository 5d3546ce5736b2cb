using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>NUMERIC scales as PostgreSQL 15 computes them (expected values printed by a real server).</summary>
public sealed class NumericMathTests
{
    private static string S(decimal d) => ValueFormatter.FormatNumeric(d);

    [Fact]
    public void AverageUsesTheDivisionScale()
    {
        // avg(v) over 1, 1, 3
        Assert.Equal("1.6666666666666667", S(NumericMath.Average(5m, 3)));
        // round(avg(v), 1)
        Assert.Equal("1.7", S(NumericMath.Round(NumericMath.Average(5m, 3), 1)));
        Assert.Equal("2.0000000000000000", S(NumericMath.Average(4m, 2)));
        Assert.Equal("0.33333333333333333333", S(NumericMath.Average(1m, 3)));
        Assert.Equal("1.50000000000000000000", S(NumericMath.Average(1.50m, 1)));
        Assert.Equal("0.00000000000000000000", S(NumericMath.Average(0m, 7)));
    }

    [Theory]
    [InlineData("1", "3", 20)]
    [InlineData("5", "3", 16)]
    [InlineData("10.0", "4", 16)]
    [InlineData("100000", "3.0", 12)]
    [InlineData("1", "30000.0", 24)]
    [InlineData("0", "7", 20)]
    [InlineData("1.123456789012345678", "1", 20)]
    [InlineData("1.50", "1", 20)]
    public void DivisionScaleIsSelectDivScale(string a, string b, int expected) =>
        Assert.Equal(expected, NumericMath.DivisionScale(ValueParser.ParseNumeric(a), ValueParser.ParseNumeric(b)));

    [Fact]
    public void ArithmeticScales()
    {
        Assert.Equal("2.50", S(NumericMath.Add(1.50m, 1.0m)));
        Assert.Equal("0.25", S(NumericMath.Subtract(1.5m, 1.25m)));
        Assert.Equal("3.000", S(NumericMath.Multiply(2.00m, 1.5m)));
        Assert.Equal("0.3", S(NumericMath.Modulo(1.5m, 0.4m)));
        Assert.Equal("3", S(NumericMath.Div(7.5m, 2m)));
        Assert.Equal("1.200", S(NumericMath.Round(1.2m, 3)));
        Assert.Equal("120", S(NumericMath.Round(123.4m, -1)));
        Assert.Equal("0", S(NumericMath.Round(123.4m, -40)));
        Assert.Equal("-3", S(NumericMath.Round(-2.5m, 0)));
        Assert.Equal("1.2", S(NumericMath.Truncate(1.29m, 1)));
        Assert.Equal("120", S(NumericMath.Truncate(129m, -1)));
        Assert.Equal("1.50", S(NumericMath.WithScale(1.5m, 2)));
        Assert.Equal("1.5", S(NumericMath.WithScale(1.45m, 1)));
        Assert.Equal(2, NumericMath.Scale(1.50m));
    }

    [Fact]
    public void ErrorsCarryPostgreSqlStates()
    {
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => NumericMath.Divide(1m, 0m)).SqlState);
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => NumericMath.Modulo(1m, 0m)).SqlState);
        Assert.Equal("22012", Assert.Throws<SqlStateException>(() => NumericMath.Div(1m, 0m)).SqlState);
        var overflow = Assert.Throws<SqlStateException>(() => NumericMath.Multiply(decimal.MaxValue, 2m));
        Assert.Equal("22003", overflow.SqlState);
        Assert.Equal("value overflows numeric format", overflow.Message);
        Assert.Equal("22003", Assert.Throws<SqlStateException>(() => NumericMath.Add(decimal.MaxValue, 1m)).SqlState);
        Assert.Equal("22003", Assert.Throws<SqlStateException>(() => NumericMath.Subtract(decimal.MinValue, 1m)).SqlState);
        Assert.Equal("2201F", Assert.Throws<SqlStateException>(() => NumericMath.Sqrt(-1m)).SqlState);
    }

    [Fact]
    public void TypeModifierRoundsAndChecksPrecision()
    {
        Assert.Equal("1.01", S(NumericMath.ApplyTypeModifier(1.005m, 5, 2)));
        Assert.Equal("5.00", S(NumericMath.ApplyTypeModifier(5m, 5, 2)));
        Assert.Equal("0", S(NumericMath.ApplyTypeModifier(0.4m, 1, 0)));
        Assert.Equal(1.5m, NumericMath.ApplyTypeModifier(1.5m, -1, -1));
        var e = Assert.Throws<SqlStateException>(() => NumericMath.ApplyTypeModifier(999.995m, 5, 2));
        Assert.Equal("22003", e.SqlState);
        Assert.Equal("numeric field overflow", e.Message);
        Assert.Equal("A field with precision 5, scale 2 must round to an absolute value less than 10^3.", e.Detail);
        e = Assert.Throws<SqlStateException>(() => NumericMath.ApplyTypeModifier(1m, 2, 2));
        Assert.Equal("A field with precision 2, scale 2 must round to an absolute value less than 1.", e.Detail);
    }

    [Fact]
    public void SampleVarianceAndDeviationMatchPostgreSql()
    {
        // var_samp / stddev_samp over 1, 2, 4: sum 7, sum of squares 21.
        Assert.Equal("2.3333333333333333", S(NumericMath.VarianceSample(7m, 21m, 3, false)!.Value));
        Assert.Equal("1.5275252316519467", S(NumericMath.VarianceSample(7m, 21m, 3, true)!.Value));
        // over 1.00, 2.00, 4.00
        Assert.Equal("2.3333333333333333", S(NumericMath.VarianceSample(7.00m, 21.0000m, 3, false)!.Value));
        // over 1, 1
        Assert.Equal("0", S(NumericMath.VarianceSample(2m, 2m, 2, false)!.Value));
        Assert.Equal("0", S(NumericMath.VarianceSample(2m, 2m, 2, true)!.Value));
        Assert.Null(NumericMath.VarianceSample(1m, 1m, 1, false));
        Assert.Null(NumericMath.VarianceSample(0m, 0m, 0, true));
    }

    [Fact]
    public void SquareRootScale()
    {
        Assert.Equal("1.414213562373095", S(NumericMath.Sqrt(2m)));
        Assert.Equal("4.000000000000000", S(NumericMath.Sqrt(16m)));
        Assert.Equal("1000.0000000000000", S(NumericMath.Sqrt(1000000m)));
        Assert.Equal("0.000000000000000", S(NumericMath.Sqrt(0m)));
    }
}
