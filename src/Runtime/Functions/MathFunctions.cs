using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// abs, round, floor, ceil, trunc, sqrt, power, ln, log, exp, mod, sign and friends over floats
/// and numerics. Float overloads use IEEE arithmetic with rint rounding (round(2.5::float8) = 2);
/// numeric overloads round half away from zero and compute ln, exp and power in decimal with
/// PostgreSQL 15's result scales (exp(1::numeric) = 2.7182818284590452).
/// </summary>
internal static class MathFunctions
{
    private const decimal E = 2.7182818284590452353602874714m;

    public static void Register(FunctionCatalogBuilder b)
    {
        var i2 = DataType.Int16;
        var i4 = DataType.Int32;
        var i8 = DataType.Int64;
        var f4 = DataType.Float32;
        var f8 = DataType.Float64;
        var num = DataType.Numeric;

        b.Add("abs", [i2], i2, a => CheckedMath.Abs((short)a[0]!));
        b.Add("abs", [i4], i4, a => CheckedMath.Abs((int)a[0]!));
        b.Add("abs", [i8], i8, a => CheckedMath.Abs((long)a[0]!));
        b.Add("abs", [f4], f4, a => Math.Abs((float)a[0]!));
        b.Add("abs", [f8], f8, a => Math.Abs((double)a[0]!));
        b.Add("abs", [num], num, a => Math.Abs((decimal)a[0]!));

        b.Add("mod", [i2, i2], i2, a => CheckedMath.Modulo((short)a[0]!, (short)a[1]!));
        b.Add("mod", [i4, i4], i4, a => CheckedMath.Modulo((int)a[0]!, (int)a[1]!));
        b.Add("mod", [i8, i8], i8, a => CheckedMath.Modulo((long)a[0]!, (long)a[1]!));
        b.Add("mod", [num, num], num, a => NumericMath.Modulo((decimal)a[0]!, (decimal)a[1]!));
        b.Add("div", [num, num], num, a => NumericMath.Div((decimal)a[0]!, (decimal)a[1]!));

        b.Add("round", [f8], f8, a => Math.Round((double)a[0]!, MidpointRounding.ToEven));
        b.Add("round", [num], num, a => NumericMath.Round((decimal)a[0]!, 0));
        b.Add("round", [num, i4], num, a => NumericMath.Round((decimal)a[0]!, (int)a[1]!));
        b.Add("trunc", [f8], f8, a => Math.Truncate((double)a[0]!));
        b.Add("trunc", [num], num, a => NumericMath.Truncate((decimal)a[0]!, 0));
        b.Add("trunc", [num, i4], num, a => NumericMath.Truncate((decimal)a[0]!, (int)a[1]!));
        foreach (var name in new[] { "ceil", "ceiling" })
        {
            b.Add(name, [f8], f8, a => Math.Ceiling((double)a[0]!));
            b.Add(name, [num], num, a => decimal.Ceiling((decimal)a[0]!));
        }
        b.Add("floor", [f8], f8, a => Math.Floor((double)a[0]!));
        b.Add("floor", [num], num, a => decimal.Floor((decimal)a[0]!));
        b.Add("sign", [f8], f8, a => (double)Math.Sign((double)a[0]!));
        b.Add("sign", [num], num, a => (decimal)Math.Sign((decimal)a[0]!));

        b.Add("sqrt", [f8], f8, a => SqrtFloat((double)a[0]!));
        b.Add("sqrt", [num], num, a => NumericMath.Sqrt((decimal)a[0]!));
        b.Add("cbrt", [f8], f8, a => Math.Cbrt((double)a[0]!));
        foreach (var name in new[] { "power", "pow" })
        {
            b.Add(name, [f8, f8], f8, a => PowerFloat((double)a[0]!, (double)a[1]!));
            b.Add(name, [num, num], num, a => PowerNumeric((decimal)a[0]!, (decimal)a[1]!));
        }
        b.Add("ln", [f8], f8, a => LnFloat((double)a[0]!));
        b.Add("ln", [num], num, a => LnNumeric((decimal)a[0]!));
        foreach (var name in new[] { "log", "log10" })
        {
            b.Add(name, [f8], f8, a => Log10Float((double)a[0]!));
            b.Add(name, [num], num, a => Log10Numeric((decimal)a[0]!));
        }
        b.Add("exp", [f8], f8, a => ExpFloat((double)a[0]!));
        b.Add("exp", [num], num, a => ExpNumeric((decimal)a[0]!));
        b.Add("pi", [], f8, _ => Math.PI);
        b.Add("degrees", [f8], f8, a => (double)a[0]! * (180.0 / Math.PI));
        b.Add("radians", [f8], f8, a => (double)a[0]! * (Math.PI / 180.0));
    }

    private static SqlStateException PowerError(string message) => new(SqlStateException.InvalidArgumentForPowerFunction, message);

    private static SqlStateException LogError(string message) => new(SqlStateException.InvalidArgumentForLogarithm, message);

    public static double SqrtFloat(double x) =>
        x < 0 ? throw PowerError("cannot take square root of a negative number") : Math.Sqrt(x);

    public static double PowerFloat(double x, double y)
    {
        if (x == 0 && y < 0) throw PowerError("zero raised to a negative power is undefined");
        if (x < 0 && Math.Floor(y) != y && !double.IsInfinity(y)) throw PowerError("a negative number raised to a non-integer power yields a complex result");
        var r = Math.Pow(x, y);
        if (double.IsInfinity(r) && !double.IsInfinity(x) && !double.IsInfinity(y)) throw CheckedMath.FloatOverflow();
        if (r == 0 && x != 0 && !double.IsInfinity(y)) throw CheckedMath.FloatUnderflow();
        return r;
    }

    public static double LnFloat(double x)
    {
        if (x == 0) throw LogError("cannot take logarithm of zero");
        if (x < 0) throw LogError("cannot take logarithm of a negative number");
        return Math.Log(x);
    }

    public static double Log10Float(double x)
    {
        if (x == 0) throw LogError("cannot take logarithm of zero");
        if (x < 0) throw LogError("cannot take logarithm of a negative number");
        return Math.Log10(x);
    }

    public static double ExpFloat(double x)
    {
        var r = Math.Exp(x);
        if (double.IsInfinity(r) && !double.IsInfinity(x)) throw CheckedMath.FloatOverflow();
        if (r == 0 && !double.IsInfinity(x)) throw CheckedMath.FloatUnderflow();
        return r;
    }

    /// <summary>exp(numeric) with rscale = 16 − (decimal digits before the point of the result), at least the argument's scale.</summary>
    public static decimal ExpNumeric(decimal x)
    {
        var estimate = (double)x * 0.434294481903252;
        var scale = Math.Clamp(Math.Max(16 - (int)estimate, x.Scale), 0, NumericMath.MaxPrecision);
        return NumericMath.WithScale(Exp(x), scale);
    }

    /// <summary>ln(numeric) with rscale = 16 − (decimal weight of the result), at least the argument's scale.</summary>
    public static decimal LnNumeric(decimal x)
    {
        if (x == 0m) throw LogError("cannot take logarithm of zero");
        if (x < 0m) throw LogError("cannot take logarithm of a negative number");
        var scale = Math.Clamp(Math.Max(16 - EstimateLnDecimalWeight(x), x.Scale), 0, NumericMath.MaxPrecision);
        return NumericMath.WithScale(Ln(x), scale);
    }

    public static decimal Log10Numeric(decimal x)
    {
        if (x == 0m) throw LogError("cannot take logarithm of zero");
        if (x < 0m) throw LogError("cannot take logarithm of a negative number");
        var log = Ln(x) / Ln10;
        // log_var's rscale: 16 − (dweight of ln(x) − dweight of ln(10)), at least the argument's scale.
        var scale = Math.Clamp(Math.Max(16 - (EstimateLnDecimalWeight(x) - EstimateLnDecimalWeight(10m)), x.Scale), 0, NumericMath.MaxPrecision);
        return NumericMath.WithScale(log, scale);
    }

    /// <summary>power(numeric, numeric) as PostgreSQL 15: integer exponents with rscale max(16, base scale), others through exp(y·ln x).</summary>
    public static decimal PowerNumeric(decimal x, decimal y)
    {
        if (x == 0m && y < 0m) throw PowerError("zero raised to a negative power is undefined");
        if (x < 0m && decimal.Truncate(y) != y) throw PowerError("a negative number raised to a non-integer power yields a complex result");
        if (decimal.Truncate(y) == y && y >= int.MinValue && y <= int.MaxValue)
        {
            var scale = Math.Clamp(Math.Max(16, (int)x.Scale), 0, NumericMath.MaxPrecision);
            return NumericMath.WithScale(IntegerPower(x, (int)y), scale);
        }
        if (x == 0m) return NumericMath.WithScale(0m, Math.Max(16, Math.Max((int)x.Scale, (int)y.Scale)));
        var lnx = Ln(x);
        decimal exponent;
        try { exponent = lnx * y; }
        catch (OverflowException) { throw NumericMath.Overflow(); }
        var estimate = (double)exponent * 0.434294481903252;
        var rscale = Math.Clamp(Math.Max(Math.Max(16 - (int)estimate, (int)x.Scale), (int)y.Scale), 0, NumericMath.MaxPrecision);
        return NumericMath.WithScale(Exp(exponent), rscale);
    }

    private static decimal IntegerPower(decimal x, int n)
    {
        try
        {
            var negative = n < 0;
            var e = Math.Abs((long)n);
            var result = 1m;
            var b = x;
            while (e > 0)
            {
                if ((e & 1) == 1) result *= b;
                e >>= 1;
                if (e > 0) b *= b;
            }
            return negative ? 1m / result : result;
        }
        catch (OverflowException)
        {
            throw NumericMath.Overflow();
        }
        catch (DivideByZeroException)
        {
            throw NumericMath.Overflow();
        }
    }

    /// <summary>PostgreSQL's estimate_ln_dweight: the decimal weight of ln(x).</summary>
    private static int EstimateLnDecimalWeight(decimal x)
    {
        if (x >= 0.9m && x <= 1.1m)
        {
            var d = Math.Abs(x - 1m);
            return d == 0m ? 0 : (int)Math.Floor(Math.Log10((double)d));
        }
        var ln = Math.Log((double)x);
        return (int)Math.Log10(Math.Abs(ln));
    }

    /// <summary>e^x in decimal: e^(integer part) by squaring, e^(fraction) by its Taylor series.</summary>
    private static decimal Exp(decimal x)
    {
        try
        {
            var whole = decimal.Truncate(x);
            var frac = x - whole;
            var sum = 1m;
            var term = 1m;
            for (var k = 1; k < 60; k++)
            {
                term = term * frac / k;
                if (term == 0m) break;
                sum += term;
            }
            if (whole == 0m) return sum;
            if (whole < -66m) return 0m;
            return sum * IntegerPower(E, (int)whole);
        }
        catch (OverflowException)
        {
            throw NumericMath.Overflow();
        }
    }

    /// <summary>ln(x) for x &gt; 0 in decimal: Newton's iteration on exp from the double estimate.</summary>
    private static decimal Ln(decimal x)
    {
        // Scale into [1, 10) so that exp never overflows: ln(x) = ln(m) + k·ln(10).
        var k = 0;
        var m = x;
        while (m >= 10m) { m /= 10m; k++; }
        while (m < 1m) { m *= 10m; k--; }
        var y = (decimal)Math.Log((double)m);
        for (var i = 0; i < 6; i++)
        {
            var ey = Exp(y);
            var next = y + 2m * (m - ey) / (m + ey);
            if (next == y) break;
            y = next;
        }
        return k == 0 ? y : y + k * Ln10;
    }

    private const decimal Ln10 = 2.3025850929940456840179914547m;
}
