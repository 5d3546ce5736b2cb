namespace StreamSql.Runtime.Types;

/// <summary>
/// Arithmetic with PostgreSQL's errors, for the expression compiler's typed kernels and the
/// boxed operator implementations alike: integer overflow is 22003 "integer out of range"
/// (smallint, bigint), division by zero 22012, float overflow 22003 "value out of range:
/// overflow" (an infinite result from finite inputs), float underflow "value out of range:
/// underflow" (zero from non-zero factors). Integer division truncates toward zero.
/// </summary>
public static class CheckedMath
{
    public static SqlStateException SmallintOutOfRange() => SqlStateException.OutOfRange("smallint");
    public static SqlStateException IntegerOutOfRange() => SqlStateException.OutOfRange("integer");
    public static SqlStateException BigintOutOfRange() => SqlStateException.OutOfRange("bigint");
    public static SqlStateException FloatOverflow() => new(SqlStateException.NumericValueOutOfRange, "value out of range: overflow");
    public static SqlStateException FloatUnderflow() => new(SqlStateException.NumericValueOutOfRange, "value out of range: underflow");

    public static short Add(short a, short b) { var r = a + b; return r is < short.MinValue or > short.MaxValue ? throw SmallintOutOfRange() : (short)r; }
    public static short Subtract(short a, short b) { var r = a - b; return r is < short.MinValue or > short.MaxValue ? throw SmallintOutOfRange() : (short)r; }
    public static short Multiply(short a, short b) { var r = a * b; return r is < short.MinValue or > short.MaxValue ? throw SmallintOutOfRange() : (short)r; }
    public static short Negate(short a) => a == short.MinValue ? throw SmallintOutOfRange() : (short)-a;
    public static short Abs(short a) => a == short.MinValue ? throw SmallintOutOfRange() : Math.Abs(a);

    public static short Divide(short a, short b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        if (b == -1) return Negate(a);
        return (short)(a / b);
    }

    public static short Modulo(short a, short b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        return b == -1 ? (short)0 : (short)(a % b);
    }

    public static int Add(int a, int b) { var r = a + b; return ((a ^ r) & (b ^ r)) < 0 ? throw IntegerOutOfRange() : r; }
    public static int Subtract(int a, int b) { var r = a - b; return ((a ^ b) & (a ^ r)) < 0 ? throw IntegerOutOfRange() : r; }
    public static int Multiply(int a, int b) { var r = (long)a * b; return r is < int.MinValue or > int.MaxValue ? throw IntegerOutOfRange() : (int)r; }
    public static int Negate(int a) => a == int.MinValue ? throw IntegerOutOfRange() : -a;
    public static int Abs(int a) => a == int.MinValue ? throw IntegerOutOfRange() : Math.Abs(a);

    public static int Divide(int a, int b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        if (b == -1) return Negate(a);
        return a / b;
    }

    public static int Modulo(int a, int b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        return b == -1 ? 0 : a % b;
    }

    public static long Add(long a, long b) { var r = a + b; return ((a ^ r) & (b ^ r)) < 0 ? throw BigintOutOfRange() : r; }
    public static long Subtract(long a, long b) { var r = a - b; return ((a ^ b) & (a ^ r)) < 0 ? throw BigintOutOfRange() : r; }

    public static long Multiply(long a, long b)
    {
        var high = Math.BigMul(a, b, out var low);
        return (high != 0 || low < 0) && (high != -1 || low >= 0) ? throw BigintOutOfRange() : low;
    }

    public static long Negate(long a) => a == long.MinValue ? throw BigintOutOfRange() : -a;
    public static long Abs(long a) => a == long.MinValue ? throw BigintOutOfRange() : Math.Abs(a);

    public static long Divide(long a, long b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        if (b == -1) return Negate(a);
        return a / b;
    }

    public static long Modulo(long a, long b)
    {
        if (b == 0) throw SqlStateException.DivisionByZero();
        return b == -1 ? 0 : a % b;
    }

    public static double Add(double a, double b) => CheckOverflow(a + b, a, b);
    public static double Subtract(double a, double b) => CheckOverflow(a - b, a, b);

    public static double Multiply(double a, double b)
    {
        var r = CheckOverflow(a * b, a, b);
        return r == 0 && a != 0 && b != 0 ? throw FloatUnderflow() : r;
    }

    public static double Divide(double a, double b)
    {
        if (b == 0 && !double.IsNaN(a)) throw SqlStateException.DivisionByZero();
        var r = a / b;
        if (double.IsInfinity(r) && !double.IsInfinity(a)) throw FloatOverflow();
        return r == 0 && a != 0 && !double.IsInfinity(b) ? throw FloatUnderflow() : r;
    }

    public static float Add(float a, float b) => CheckOverflow(a + b, a, b);
    public static float Subtract(float a, float b) => CheckOverflow(a - b, a, b);

    public static float Multiply(float a, float b)
    {
        var r = CheckOverflow(a * b, a, b);
        return r == 0 && a != 0 && b != 0 ? throw FloatUnderflow() : r;
    }

    public static float Divide(float a, float b)
    {
        if (b == 0 && !float.IsNaN(a)) throw SqlStateException.DivisionByZero();
        var r = a / b;
        if (float.IsInfinity(r) && !float.IsInfinity(a)) throw FloatOverflow();
        return r == 0 && a != 0 && !float.IsInfinity(b) ? throw FloatUnderflow() : r;
    }

    private static double CheckOverflow(double r, double a, double b) =>
        double.IsInfinity(r) && !double.IsInfinity(a) && !double.IsInfinity(b) ? throw FloatOverflow() : r;

    private static float CheckOverflow(float r, float a, float b) =>
        float.IsInfinity(r) && !float.IsInfinity(a) && !float.IsInfinity(b) ? throw FloatOverflow() : r;

    /// <summary>Rounds half to even and converts (PostgreSQL's <c>rint</c> then range check for float → integer casts).</summary>
    public static int ToInt32(double value)
    {
        var r = Math.Round(value, MidpointRounding.ToEven);
        return double.IsNaN(r) || r < int.MinValue || r >= 2147483648.0 ? throw IntegerOutOfRange() : (int)r;
    }

    public static short ToInt16(double value)
    {
        var r = Math.Round(value, MidpointRounding.ToEven);
        return double.IsNaN(r) || r < short.MinValue || r > short.MaxValue ? throw SmallintOutOfRange() : (short)r;
    }

    public static long ToInt64(double value)
    {
        var r = Math.Round(value, MidpointRounding.ToEven);
        return double.IsNaN(r) || r < -9223372036854775808.0 || r >= 9223372036854775808.0 ? throw BigintOutOfRange() : (long)r;
    }

    /// <summary>Rounds half away from zero and converts (numeric → integer casts).</summary>
    public static long ToInt64(decimal value)
    {
        var r = Math.Round(value, 0, MidpointRounding.AwayFromZero);
        return r < long.MinValue || r > long.MaxValue ? throw BigintOutOfRange() : (long)r;
    }

    public static int ToInt32(decimal value)
    {
        var r = Math.Round(value, 0, MidpointRounding.AwayFromZero);
        return r < int.MinValue || r > int.MaxValue ? throw IntegerOutOfRange() : (int)r;
    }

    public static short ToInt16(decimal value)
    {
        var r = Math.Round(value, 0, MidpointRounding.AwayFromZero);
        return r < short.MinValue || r > short.MaxValue ? throw SmallintOutOfRange() : (short)r;
    }

    public static int ToInt32(long value) => value is < int.MinValue or > int.MaxValue ? throw IntegerOutOfRange() : (int)value;
    public static short ToInt16(long value) => value is < short.MinValue or > short.MaxValue ? throw SmallintOutOfRange() : (short)value;

    /// <summary>float8 → float4: overflow and underflow are errors as in PostgreSQL's <c>dtof</c>.</summary>
    public static float ToFloat32(double value)
    {
        var r = (float)value;
        if (float.IsInfinity(r) && !double.IsInfinity(value)) throw FloatOverflow();
        return r == 0 && value != 0 ? throw FloatUnderflow() : r;
    }
}
