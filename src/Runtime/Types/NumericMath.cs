namespace StreamSql.Runtime.Types;

/// <summary>
/// NUMERIC arithmetic on <see cref="decimal"/> with PostgreSQL's result scales: + and - keep the
/// larger scale, * adds the scales, / and avg use <c>select_div_scale</c> (at least 16
/// significant digits), round is half away from zero. A decimal holds 28 digits: a result that
/// does not fit is 22003 "value overflows numeric format".
/// </summary>
public static class NumericMath
{
    /// <summary>The largest precision (and scale) a NUMERIC column may declare.</summary>
    public const int MaxPrecision = 28;

    /// <summary>PostgreSQL's NUMERIC_MIN_SIG_DIGITS: divisions keep at least this many significant digits.</summary>
    private const int MinSignificantDigits = 16;

    public static SqlStateException Overflow() =>
        new(SqlStateException.NumericValueOutOfRange, "value overflows numeric format");

    /// <summary>The display scale (digits after the point) of a value.</summary>
    public static int Scale(decimal value) => value.Scale;

    /// <summary>The value with exactly <paramref name="scale"/> digits after the point (rounded half away from zero, or padded with zeros).</summary>
    public static decimal WithScale(decimal value, int scale)
    {
        scale = Math.Clamp(scale, 0, MaxPrecision);
        if (value.Scale > scale) value = Math.Round(value, scale, MidpointRounding.AwayFromZero);
        if (value.Scale < scale)
        {
            try
            {
                value += new decimal(0, 0, 0, false, (byte)scale);
            }
            catch (OverflowException)
            {
                throw Overflow();
            }
        }
        return value;
    }

    public static decimal Add(decimal a, decimal b)
    {
        try { return KeepScale(a + b, Math.Max(a.Scale, b.Scale)); }
        catch (OverflowException) { throw Overflow(); }
    }

    public static decimal Subtract(decimal a, decimal b)
    {
        try { return KeepScale(a - b, Math.Max(a.Scale, b.Scale)); }
        catch (OverflowException) { throw Overflow(); }
    }

    public static decimal Multiply(decimal a, decimal b)
    {
        try { return KeepScale(a * b, a.Scale + b.Scale); }
        catch (OverflowException) { throw Overflow(); }
    }

    /// <summary>decimal drops the scale of a zero result (-0 * 1.000 is 0); PostgreSQL keeps it (0.000).</summary>
    private static decimal KeepScale(decimal result, int scale) =>
        result == 0m && result.Scale < scale ? new decimal(0, 0, 0, false, (byte)Math.Min(scale, MaxPrecision)) : result;

    public static decimal Negate(decimal a) => -a;

    /// <summary>a / b with PostgreSQL's division scale; 22012 when b is zero.</summary>
    public static decimal Divide(decimal a, decimal b)
    {
        if (b == 0m) throw SqlStateException.DivisionByZero();
        var scale = DivisionScale(a, b);
        decimal q;
        try { q = a / b; }
        catch (OverflowException) { throw Overflow(); }
        return WithScale(q, scale);
    }

    /// <summary>The result scale of a / b (PostgreSQL's <c>select_div_scale</c>), capped at <see cref="MaxPrecision"/>.</summary>
    public static int DivisionScale(decimal a, decimal b)
    {
        var (w1, d1) = WeightAndFirstDigit(a);
        var (w2, d2) = WeightAndFirstDigit(b);
        var qweight = w1 - w2;
        if (d1 <= d2) qweight--;
        var scale = MinSignificantDigits - qweight * 4;
        scale = Math.Max(scale, a.Scale);
        scale = Math.Max(scale, b.Scale);
        scale = Math.Max(scale, 0);
        return Math.Min(scale, MaxPrecision);
    }

    /// <summary>Integer division of numerics, truncated toward zero (PostgreSQL's <c>div</c>).</summary>
    public static decimal Div(decimal a, decimal b)
    {
        if (b == 0m) throw SqlStateException.DivisionByZero();
        try { return decimal.Truncate(a / b); }
        catch (OverflowException) { throw Overflow(); }
    }

    /// <summary>a mod b with the sign of a and the larger scale; 22012 when b is zero.</summary>
    public static decimal Modulo(decimal a, decimal b)
    {
        if (b == 0m) throw SqlStateException.DivisionByZero();
        return WithScale(a % b, Math.Max(a.Scale, b.Scale));
    }

    /// <summary>avg over numerics: sum / count with the division scale (avg of 1, 1, 3 is 1.6666666666666667).</summary>
    public static decimal Average(decimal sum, long count) => Divide(sum, count);

    /// <summary>round(x, s): half away from zero; the result scale is max(s, 0) (round(1.2, 3) = 1.200, round(123.4, -1) = 120).</summary>
    public static decimal Round(decimal value, int scale)
    {
        if (scale >= 0) return WithScale(value, Math.Min(scale, MaxPrecision));
        if (scale < -MaxPrecision) return 0m;
        var factor = Pow10(-scale);
        try { return Math.Round(value / factor, 0, MidpointRounding.AwayFromZero) * factor; }
        catch (OverflowException) { throw Overflow(); }
    }

    /// <summary>trunc(x, s): toward zero, result scale max(s, 0).</summary>
    public static decimal Truncate(decimal value, int scale)
    {
        if (scale >= 0)
        {
            scale = Math.Min(scale, MaxPrecision);
            return WithScale(value.Scale > scale ? Math.Round(value, scale, MidpointRounding.ToZero) : value, scale);
        }
        if (scale < -MaxPrecision) return 0m;
        var factor = Pow10(-scale);
        return decimal.Truncate(value / factor) * factor;
    }

    /// <summary>
    /// Coerces a value to NUMERIC(precision, scale): rounds to the scale, then fails with 22003
    /// "numeric field overflow" when the integer part has more than precision - scale digits.
    /// </summary>
    public static decimal ApplyTypeModifier(decimal value, int precision, int scale)
    {
        if (precision < 0) return value;
        scale = Math.Max(scale, 0);
        var rounded = WithScale(value, scale);
        var limit = precision - scale;
        if (rounded != 0m && IntegerDigits(rounded) > limit)
            throw new SqlStateException(SqlStateException.NumericValueOutOfRange, "numeric field overflow",
                $"A field with precision {precision}, scale {scale} must round to an absolute value less than {(limit == 0 ? "1" : "10^" + limit)}.");
        return rounded;
    }

    /// <summary>Digits before the decimal point (0 for |x| &lt; 1).</summary>
    private static int IntegerDigits(decimal value)
    {
        var abs = Math.Abs(decimal.Truncate(value));
        var n = 0;
        while (abs >= 1m) { abs = decimal.Truncate(abs / 10m); n++; }
        return n;
    }

    public static decimal Pow10(int exponent)
    {
        var r = 1m;
        for (var i = 0; i < exponent; i++) r *= 10m;
        return r;
    }

    /// <summary>The base-10000 weight of the first non-zero digit group and that group's value (PostgreSQL's NBASE layout).</summary>
    private static (int Weight, int FirstDigit) WeightAndFirstDigit(decimal value)
    {
        if (value == 0m) return (0, 0);
        var bits = decimal.GetBits(value);
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = value.Scale;
        var digits = 0;
        for (var m = mantissa; m > 0; m /= 10) digits++;
        var e10 = digits - 1 - scale;
        var weight = e10 >= 0 ? e10 / 4 : -((-e10 + 3) / 4);
        var shift = 4 * weight + scale;
        UInt128 group;
        if (shift >= 0)
        {
            var p = (UInt128)1;
            for (var i = 0; i < shift; i++) p *= 10;
            group = mantissa / p;
        }
        else
        {
            group = mantissa;
            for (var i = 0; i < -shift; i++) group *= 10;
        }
        return (weight, (int)group);
    }

    /// <summary>Square root with PostgreSQL's result scale for <c>sqrt(numeric)</c>; 2201F for a negative argument.</summary>
    public static decimal Sqrt(decimal value)
    {
        if (value < 0m)
            throw new SqlStateException(SqlStateException.InvalidArgumentForPowerFunction, "cannot take square root of a negative number");
        // rscale = NUMERIC_MIN_SIG_DIGITS - sweight with sweight = (weight + 1) * DEC_DIGITS / 2 - 1, at least the input scale.
        var (w, _) = WeightAndFirstDigit(value);
        var sweight = (w + 1) * 4 / 2 - 1;
        var scale = MinSignificantDigits - sweight;
        scale = Math.Clamp(Math.Max(scale, value.Scale), 0, MaxPrecision);
        return WithScale(SqrtExact(value, scale), scale);
    }

    /// <summary>Square root to <paramref name="scale"/> digits by Newton's method in decimal.</summary>
    public static decimal SqrtExact(decimal value, int scale)
    {
        if (value == 0m) return 0m;
        var x = (decimal)Math.Sqrt((double)value);
        if (x == 0m) x = 1e-14m;
        for (var i = 0; i < 8; i++)
        {
            var next = (x + value / x) / 2m;
            if (next == x) break;
            x = next;
        }
        return Math.Round(x, Math.Min(scale, MaxPrecision), MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Sample variance (or standard deviation) from the running sums, as PostgreSQL's
    /// <c>numeric_stddev_internal</c>: (n·Σx² − (Σx)²) / (n·(n−1)) with the division scale;
    /// null for fewer than two rows, 0 when rounding makes the numerator non-positive.
    /// </summary>
    public static decimal? VarianceSample(decimal sumX, decimal sumX2, long count, bool standardDeviation)
    {
        if (count < 2) return null;
        var numerator = Subtract(Multiply(count, sumX2), Multiply(sumX, sumX));
        if (numerator <= 0m) return 0m;
        var denominator = (decimal)count * (count - 1);
        var scale = DivisionScale(numerator, denominator);
        var variance = WithScale(numerator / denominator, scale);
        return standardDeviation ? WithScale(SqrtExact(numerator / denominator, scale), scale) : variance;
    }
}
