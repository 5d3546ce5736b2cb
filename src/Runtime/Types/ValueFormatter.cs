using System.Globalization;
using System.Text;

namespace StreamSql.Runtime.Types;

/// <summary>
/// PostgreSQL 15's text output of every kind (what psql shows and the wire's text format
/// sends), with the default settings: DateStyle ISO, IntervalStyle postgres,
/// extra_float_digits 1 (shortest round-trip floats).
/// </summary>
public static class ValueFormatter
{
    /// <summary>The text of <paramref name="value"/>, or null for SQL NULL. Timestamptz values are shown in <paramref name="tz"/> (UTC by default).</summary>
    public static string? Format(object? value, DataType type, TimeZoneInfo? tz = null)
    {
        if (value is null) return null;
        return type.Kind switch
        {
            TypeKind.Boolean => (bool)value ? "t" : "f",
            TypeKind.Int16 => ((short)value).ToString(CultureInfo.InvariantCulture),
            TypeKind.Int32 => ((int)value).ToString(CultureInfo.InvariantCulture),
            TypeKind.Int64 => ((long)value).ToString(CultureInfo.InvariantCulture),
            TypeKind.Float32 => FormatFloat4((float)value),
            TypeKind.Float64 => FormatFloat8((double)value),
            TypeKind.Numeric => FormatNumeric((decimal)value),
            TypeKind.Text or TypeKind.Jsonb or TypeKind.Unknown => (string)value,
            TypeKind.Timestamp => FormatTimestamp((long)value),
            TypeKind.TimestampTz => FormatTimestampTz((long)value, tz ?? TimeZoneInfo.Utc),
            TypeKind.Date => FormatDate((int)value),
            TypeKind.Interval => FormatInterval((Interval)value),
            TypeKind.Array => FormatArray((object?[])value, type.Element ?? DataType.Text, tz),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no text output for this type"),
        };
    }

    public static string FormatNumeric(decimal value)
    {
        var s = value.ToString(CultureInfo.InvariantCulture);
        // A decimal can carry a negative zero (-0.00); PostgreSQL's numeric has none.
        return s[0] == '-' && value == 0m ? s[1..] : s;
    }

    public static string FormatFloat8(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsPositiveInfinity(value)) return "Infinity";
        if (double.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0" : "0";
        return FormatShortest(value.ToString("R", CultureInfo.InvariantCulture), 15);
    }

    public static string FormatFloat4(float value)
    {
        if (float.IsNaN(value)) return "NaN";
        if (float.IsPositiveInfinity(value)) return "Infinity";
        if (float.IsNegativeInfinity(value)) return "-Infinity";
        if (value == 0) return float.IsNegative(value) ? "-0" : "0";
        return FormatShortest(ShortestFloat4Digits(value), 6);
    }

    /// <summary>
    /// The shortest text that reads back as <paramref name="value"/> and lies strictly inside its
    /// rounding interval. PostgreSQL's shortest-float output does not accept a decimal that sits
    /// exactly on the midpoint to a neighbour (257897000 prints as 2.5789699e+08), where .NET's
    /// round-trip format may; floats are narrow enough to check the midpoints exactly in doubles.
    /// </summary>
    private static string ShortestFloat4Digits(float value)
    {
        var low = ((double)value + MathF.BitDecrement(value)) / 2;
        var high = ((double)value + MathF.BitIncrement(value)) / 2;
        bool OnMidpoint(string t)
        {
            var parsed = double.Parse(t, CultureInfo.InvariantCulture);
            return parsed == low || parsed == high;
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!OnMidpoint(text)) return text;
        for (var digits = 1; digits <= 9; digits++)
        {
            var candidate = value.ToString("E" + (digits - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (float.Parse(candidate, CultureInfo.InvariantCulture) == value && !OnMidpoint(candidate)) return candidate;
        }
        return value.ToString("E8", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Lays out the shortest round-trip digits as PostgreSQL does: plain notation when the decimal
    /// exponent is in [-4, maxPlainExponent), else <c>d.ddde+XX</c> with at least two exponent digits.
    /// </summary>
    private static string FormatShortest(string roundTrip, int maxPlainExponent)
    {
        var negative = roundTrip[0] == '-';
        var body = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }
        var point = body.IndexOf('.');
        var intPart = point >= 0 ? body[..point] : body;
        var fracPart = point >= 0 ? body[(point + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        // Decimal exponent of the first significant digit.
        var exp10 = intPart.Length - 1 - leadingZeros + exponent;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";

        var sb = new StringBuilder(32);
        if (negative) sb.Append('-');
        if (exp10 < -4 || exp10 >= maxPlainExponent)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            sb.Append('e').Append(exp10 < 0 ? '-' : '+');
            var abs = Math.Abs(exp10);
            if (abs < 10) sb.Append('0');
            sb.Append(abs);
        }
        else if (exp10 < 0)
        {
            sb.Append("0.").Append('0', -exp10 - 1).Append(digits);
        }
        else if (digits.Length <= exp10 + 1)
        {
            sb.Append(digits).Append('0', exp10 + 1 - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, exp10 + 1).Append('.').Append(digits, exp10 + 1, digits.Length - exp10 - 1);
        }
        return sb.ToString();
    }

    public static string FormatDate(int days)
    {
        if (days == CivilTime.DatePositiveInfinity) return "infinity";
        if (days == CivilTime.DateNegativeInfinity) return "-infinity";
        var sb = new StringBuilder(16);
        var (y, m, d) = CivilTime.CivilFromDays(days);
        AppendDate(sb, y, m, d);
        if (y <= 0) sb.Append(" BC");
        return sb.ToString();
    }

    public static string FormatTimestamp(long micros)
    {
        if (micros == CivilTime.PositiveInfinity) return "infinity";
        if (micros == CivilTime.NegativeInfinity) return "-infinity";
        var sb = new StringBuilder(32);
        var year = AppendDateTime(sb, micros);
        if (year <= 0) sb.Append(" BC");
        return sb.ToString();
    }

    public static string FormatTimestampTz(long utcMicros, TimeZoneInfo tz)
    {
        if (utcMicros == CivilTime.PositiveInfinity) return "infinity";
        if (utcMicros == CivilTime.NegativeInfinity) return "-infinity";
        var offset = CivilTime.OffsetMicrosAtUtc(tz, utcMicros);
        var sb = new StringBuilder(40);
        var year = AppendDateTime(sb, utcMicros + offset);
        var offsetSeconds = offset / Interval.MicrosPerSecond;
        sb.Append(offsetSeconds < 0 ? '-' : '+');
        offsetSeconds = Math.Abs(offsetSeconds);
        Append2(sb, offsetSeconds / 3600);
        if (offsetSeconds % 3600 != 0)
        {
            sb.Append(':');
            Append2(sb, offsetSeconds / 60 % 60);
            if (offsetSeconds % 60 != 0) { sb.Append(':'); Append2(sb, offsetSeconds % 60); }
        }
        if (year <= 0) sb.Append(" BC");
        return sb.ToString();
    }

    private static long AppendDateTime(StringBuilder sb, long micros)
    {
        var (days, time) = CivilTime.SplitMicros(micros);
        var (y, m, d) = CivilTime.CivilFromDays(days);
        AppendDate(sb, y, m, d);
        sb.Append(' ');
        AppendTime(sb, time / Interval.MicrosPerHour, time / Interval.MicrosPerMinute % 60, time % Interval.MicrosPerMinute);
        return y;
    }

    private static void AppendDate(StringBuilder sb, long year, int month, int day)
    {
        var shown = year <= 0 ? 1 - year : year;
        var ys = shown.ToString(CultureInfo.InvariantCulture);
        if (ys.Length < 4) sb.Append('0', 4 - ys.Length);
        sb.Append(ys).Append('-');
        Append2(sb, month);
        sb.Append('-');
        Append2(sb, day);
    }

    /// <summary>HH:MM:SS[.ffffff] with trailing zeros of the fraction trimmed; hours may exceed 24 (intervals).</summary>
    private static void AppendTime(StringBuilder sb, long hours, long minutes, long secondMicros)
    {
        Append2(sb, hours);
        sb.Append(':');
        Append2(sb, minutes);
        sb.Append(':');
        Append2(sb, secondMicros / Interval.MicrosPerSecond);
        var fraction = secondMicros % Interval.MicrosPerSecond;
        if (fraction != 0)
        {
            var f = fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
            sb.Append('.').Append(f);
        }
    }

    private static void Append2(StringBuilder sb, long value)
    {
        if (value < 10) sb.Append('0');
        sb.Append(value);
    }

    /// <summary>IntervalStyle postgres: <c>1 year 2 mons -3 days +04:05:06.5</c>.</summary>
    public static string FormatInterval(Interval value)
    {
        var sb = new StringBuilder(32);
        var isZero = true;
        var isBefore = false;
        AppendIntervalPart(sb, value.Months / 12, "year", ref isZero, ref isBefore);
        AppendIntervalPart(sb, value.Months % 12, "mon", ref isZero, ref isBefore);
        AppendIntervalPart(sb, value.Days, "day", ref isZero, ref isBefore);
        var micros = value.Micros;
        if (isZero || micros != 0)
        {
            var minus = micros < 0;
            if (!isZero) sb.Append(' ');
            if (minus) sb.Append('-');
            else if (isBefore) sb.Append('+');
            // |long.MinValue| does not fit a long; work in UInt128-safe pieces.
            var abs = minus ? (ulong)(-(micros + 1)) + 1 : (ulong)micros;
            var hours = abs / (ulong)Interval.MicrosPerHour;
            var rest = abs % (ulong)Interval.MicrosPerHour;
            AppendTime(sb, (long)hours, (long)(rest / (ulong)Interval.MicrosPerMinute), (long)(rest % (ulong)Interval.MicrosPerMinute));
        }
        return sb.ToString();
    }

    private static void AppendIntervalPart(StringBuilder sb, int value, string unit, ref bool isZero, ref bool isBefore)
    {
        if (value == 0) return;
        if (!isZero) sb.Append(' ');
        if (isBefore && value > 0) sb.Append('+');
        sb.Append(value).Append(' ').Append(unit);
        if (value != 1) sb.Append('s');
        isBefore = value < 0;
        isZero = false;
    }

    /// <summary>One-dimensional array output: <c>{1,2,NULL}</c>, elements quoted when they need it.</summary>
    public static string FormatArray(object?[] items, DataType elementType, TimeZoneInfo? tz = null)
    {
        var sb = new StringBuilder(2 + items.Length * 4);
        sb.Append('{');
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0) sb.Append(',');
            if (items[i] is null) { sb.Append("NULL"); continue; }
            var text = Format(items[i], elementType, tz)!;
            if (elementType.Kind == TypeKind.Array || !NeedsQuotes(text)) { sb.Append(text); continue; }
            sb.Append('"');
            foreach (var c in text)
            {
                if (c is '"' or '\\') sb.Append('\\');
                sb.Append(c);
            }
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0 || text.Equals("NULL", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var c in text)
            if (c is '{' or '}' or ',' or '"' or '\\' or ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
                return true;
        return false;
    }
}
