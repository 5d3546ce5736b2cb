using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

public sealed class CheckedMathTests
{
    private static void Fails(string state, string message, Action action)
    {
        var e = Assert.Throws<SqlStateException>(action);
        Assert.Equal(state, e.SqlState);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void IntegerOverflowNamesTheType()
    {
        Fails("22003", "smallint out of range", () => CheckedMath.Add((short)32767, (short)1));
        Fails("22003", "smallint out of range", () => CheckedMath.Subtract((short)-32768, (short)1));
        Fails("22003", "smallint out of range", () => CheckedMath.Multiply((short)200, (short)200));
        Fails("22003", "smallint out of range", () => CheckedMath.Abs(short.MinValue));
        Fails("22003", "integer out of range", () => CheckedMath.Add(int.MaxValue, 1));
        Fails("22003", "integer out of range", () => CheckedMath.Subtract(int.MinValue, 1));
        Fails("22003", "integer out of range", () => CheckedMath.Multiply(65536, 32768));
        Fails("22003", "integer out of range", () => CheckedMath.Negate(int.MinValue));
        Fails("22003", "integer out of range", () => CheckedMath.Divide(int.MinValue, -1));
        Fails("22003", "bigint out of range", () => CheckedMath.Add(long.MaxValue, 1L));
        Fails("22003", "bigint out of range", () => CheckedMath.Subtract(long.MinValue, 1L));
        Fails("22003", "bigint out of range", () => CheckedMath.Multiply(long.MinValue, -1L));
        Fails("22003", "bigint out of range", () => CheckedMath.Multiply(4294967296L, 4294967296L));
        Fails("22003", "bigint out of range", () => CheckedMath.Abs(long.MinValue));
        Fails("22003", "bigint out of range", () => CheckedMath.Divide(long.MinValue, -1L));
    }

    [Fact]
    public void DivisionByZeroIs22012()
    {
        Fails("22012", "division by zero", () => CheckedMath.Divide((short)1, (short)0));
        Fails("22012", "division by zero", () => CheckedMath.Modulo((short)1, (short)0));
        Fails("22012", "division by zero", () => CheckedMath.Divide(1, 0));
        Fails("22012", "division by zero", () => CheckedMath.Modulo(1, 0));
        Fails("22012", "division by zero", () => CheckedMath.Divide(1L, 0L));
        Fails("22012", "division by zero", () => CheckedMath.Modulo(1L, 0L));
        Fails("22012", "division by zero", () => CheckedMath.Divide(1.0, 0.0));
        Fails("22012", "division by zero", () => CheckedMath.Divide(1f, 0f));
        Assert.True(double.IsNaN(CheckedMath.Divide(double.NaN, 0.0)));
    }

    [Fact]
    public void IntegerResultsTruncateTowardZero()
    {
        Assert.Equal(-3, CheckedMath.Divide(-7, 2));
        Assert.Equal(-1, CheckedMath.Modulo(-7, 3));
        Assert.Equal(0, CheckedMath.Modulo(int.MinValue, -1));
        Assert.Equal(0L, CheckedMath.Modulo(long.MinValue, -1L));
        Assert.Equal((short)0, CheckedMath.Modulo(short.MinValue, (short)-1));
        Assert.Equal((short)-3, CheckedMath.Divide((short)7, (short)-2));
        Assert.Equal(-9223372030926249001L, CheckedMath.Multiply(-3037000499L, 3037000499L));
        Assert.Equal(long.MinValue, CheckedMath.Multiply(long.MinValue, 1L));
    }

    [Fact]
    public void FloatOverflowAndUnderflow()
    {
        Fails("22003", "value out of range: overflow", () => CheckedMath.Multiply(1e200, 1e200));
        Fails("22003", "value out of range: overflow", () => CheckedMath.Add(double.MaxValue, double.MaxValue));
        Fails("22003", "value out of range: overflow", () => CheckedMath.Divide(1e300, 1e-300));
        Fails("22003", "value out of range: underflow", () => CheckedMath.Multiply(1e-200, 1e-200));
        Fails("22003", "value out of range: underflow", () => CheckedMath.Divide(1e-300, 1e300));
        Fails("22003", "value out of range: overflow", () => CheckedMath.Multiply(1e30f, 1e30f));
        Fails("22003", "value out of range: underflow", () => CheckedMath.Multiply(1e-30f, 1e-30f));
        Fails("22003", "value out of range: overflow", () => CheckedMath.ToFloat32(1e300));
        Fails("22003", "value out of range: underflow", () => CheckedMath.ToFloat32(1e-300));
        Assert.Equal(double.PositiveInfinity, CheckedMath.Add(double.PositiveInfinity, 1.0));
        Assert.Equal(0.0, CheckedMath.Divide(1.0, double.PositiveInfinity));
    }

    [Fact]
    public void ConversionsRoundLikePostgreSql()
    {
        Assert.Equal(2, CheckedMath.ToInt32(2.5));
        Assert.Equal(4, CheckedMath.ToInt32(3.5));
        Assert.Equal(3, CheckedMath.ToInt32(2.5m));
        Assert.Equal(-3, CheckedMath.ToInt32(-2.5m));
        Assert.Equal(int.MaxValue, CheckedMath.ToInt32(2147483647.4));
        Fails("22003", "integer out of range", () => CheckedMath.ToInt32(2147483647.5));
        Fails("22003", "integer out of range", () => CheckedMath.ToInt32(double.NaN));
        Fails("22003", "integer out of range", () => CheckedMath.ToInt32(3_000_000_000L));
        Fails("22003", "integer out of range", () => CheckedMath.ToInt32(2147483647.5m));
        Fails("22003", "smallint out of range", () => CheckedMath.ToInt16(32767.5));
        Fails("22003", "smallint out of range", () => CheckedMath.ToInt16(40000L));
        Fails("22003", "smallint out of range", () => CheckedMath.ToInt16(32767.5m));
        Fails("22003", "bigint out of range", () => CheckedMath.ToInt64(9.3e18));
        Fails("22003", "bigint out of range", () => CheckedMath.ToInt64(double.PositiveInfinity));
        Fails("22003", "bigint out of range", () => CheckedMath.ToInt64(9223372036854775807.5m));
        Assert.Equal(long.MinValue, CheckedMath.ToInt64(-9223372036854775808.0));
    }
}
