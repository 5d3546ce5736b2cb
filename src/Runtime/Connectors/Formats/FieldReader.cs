using System.Globalization;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Formats;

/// <summary>
/// Writes a field's text into a column as the column type's PostgreSQL text input. The common
/// shapes (integers, plain decimals, ISO timestamps and dates, booleans) are parsed straight from
/// the span, so a row allocates nothing but its text values; anything else, and every error, goes
/// through <see cref="ValueParser"/> so that the accepted forms and the error texts are exactly
/// PostgreSQL's.
/// </summary>
public static class FieldReader
{
    /// <summary>Writes <paramref name="text"/> at <paramref name="row"/>; throws <see cref="SqlStateException"/> on bad input.</summary>
    public static void Write(Column column, int row, ReadOnlySpan<char> text)
    {
        var type = column.Type;
        switch (type.Kind)
        {
            case TypeKind.Text or TypeKind.Unknown:
                ((Column<string?>)column).Set(row, new string(text));
                return;
            case TypeKind.Int16:
                ((Column<short>)column).Set(row, TryInteger(text, out var s) && s is >= short.MinValue and <= short.MaxValue
                    ? (short)s : ValueParser.ParseInt16(text.ToString()));
                return;
            case TypeKind.Int32:
                ((Column<int>)column).Set(row, TryInteger(text, out var i) && i is >= int.MinValue and <= int.MaxValue
                    ? (int)i : ValueParser.ParseInt32(text.ToString()));
                return;
            case TypeKind.Int64:
                ((Column<long>)column).Set(row, TryInteger(text, out var l) ? l : ValueParser.ParseInt64(text.ToString()));
                return;
            case TypeKind.Float64:
                ((Column<double>)column).Set(row, TryDouble(text, out var d) ? d : ValueParser.ParseFloat64(text.ToString()));
                return;
            case TypeKind.Float32:
                ((Column<float>)column).Set(row, TryFloat(text, out var f) ? f : ValueParser.ParseFloat32(text.ToString()));
                return;
            case TypeKind.Numeric:
                var m = TryPlainDecimal(text, out var dec) ? dec : ValueParser.ParseNumeric(text.ToString());
                ((Column<decimal>)column).Set(row, NumericMath.ApplyTypeModifier(m, type.Precision, type.Scale));
                return;
            case TypeKind.Boolean:
                ((Column<bool>)column).Set(row, TryBoolean(text, out var b) ? b : ValueParser.ParseBoolean(text.ToString()));
                return;
            case TypeKind.Timestamp:
                ((Column<long>)column).Set(row, TryTimestamp(text, allowZone: false, out var ts) ? ts : ValueParser.ParseTimestamp(text.ToString()));
                return;
            case TypeKind.TimestampTz:
                ((Column<long>)column).Set(row, TryTimestamp(text, allowZone: true, out var tz) ? tz : ValueParser.ParseTimestampTz(text.ToString(), TimeZoneInfo.Utc));
                return;
            case TypeKind.Date:
                ((Column<int>)column).Set(row, TryDate(text, out var date) ? date : ValueParser.ParseDate(text.ToString()));
                return;
            default:
                column.SetValue(row, ValueParser.Parse(text.ToString(), type));
                return;
        }
    }

    /// <summary>Plain <c>[+-]digits</c> (no spaces) that fits a long.</summary>
    private static bool TryInteger(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && s[0] is '+' or '-') { negative = s[0] == '-'; i = 1; }
        if (i >= s.Length || s.Length - i > 18)
            return false;
        for (; i < s.Length; i++)
        {
            int digit = s[i] - '0';
            if ((uint)digit > 9)
                return false;
            value = value * 10 + digit;
        }
        if (negative)
            value = -value;
        return true;
    }

    private const NumberStyles FloatStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>[+-]digits[.digits][e[+-]digits], finite, and not an underflow to zero.</summary>
    private static bool TryDouble(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        return IsPlainNumber(s, out var nonZeroDigit)
            && double.TryParse(s, FloatStyles, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && (value != 0 || !nonZeroDigit);
    }

    private static bool TryFloat(ReadOnlySpan<char> s, out float value)
    {
        value = 0;
        return IsPlainNumber(s, out var nonZeroDigit)
            && float.TryParse(s, FloatStyles, CultureInfo.InvariantCulture, out value)
            && float.IsFinite(value) && (value != 0 || !nonZeroDigit);
    }

    private static bool IsPlainNumber(ReadOnlySpan<char> s, out bool nonZeroDigit)
    {
        nonZeroDigit = false;
        bool digit = false;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c)) { digit = true; nonZeroDigit |= c != '0'; }
            else if (c is not ('+' or '-' or '.' or 'e' or 'E')) return false;
        }
        return digit;
    }

    /// <summary>[+-]digits[.digits] without an exponent (the exponent form needs the display-scale rules of <see cref="ValueParser.ParseNumeric"/>).</summary>
    private static bool TryPlainDecimal(ReadOnlySpan<char> s, out decimal value)
    {
        value = 0;
        int digits = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiDigit(c)) digits++;
            else if (!(c == '.' || (i == 0 && c is '+' or '-'))) return false;
        }
        return digits is > 0 and <= 28
            && decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryBoolean(ReadOnlySpan<char> s, out bool value)
    {
        if (s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("t", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
        if (s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("f", StringComparison.OrdinalIgnoreCase)) { value = false; return true; }
        value = false;
        return false;
    }

    /// <summary><c>YYYY-MM-DD</c> with a four-digit year.</summary>
    private static bool TryDate(ReadOnlySpan<char> s, out int days)
    {
        days = 0;
        if (s.Length != 10 || !TryCivilDate(s, out var d))
            return false;
        days = (int)d;
        return true;
    }

    private static bool TryCivilDate(ReadOnlySpan<char> s, out long days)
    {
        days = 0;
        if (s[4] != '-' || s[7] != '-' || !Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CivilTime.DaysInMonth(year, (int)month))
            return false;
        days = CivilTime.DaysFromCivil(year, (int)month, (int)day);
        return true;
    }

    /// <summary>
    /// <c>YYYY-MM-DD[ T]HH:MM:SS[.f{1,6}]</c>, and for timestamptz an optional <c>Z</c> or
    /// <c>±HH[:MM]</c> (no offset means UTC). Every other spelling takes the full parser.
    /// </summary>
    private static bool TryTimestamp(ReadOnlySpan<char> s, bool allowZone, out long micros)
    {
        micros = 0;
        if (s.Length < 19 || s[10] is not (' ' or 'T') || s[13] != ':' || s[16] != ':' || !TryCivilDate(s[..10], out var days))
            return false;
        if (!Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        int i = 19;
        long fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            int n = i - start;
            if (n is 0 or > 6)
                return false;
            Digits(s.Slice(start, n), out var f);
            for (; n < 6; n++) f *= 10;
            fraction = f;
        }
        long offset = 0;
        if (i < s.Length)
        {
            if (!allowZone)
                return false;
            if (s[i] == 'Z' && i + 1 == s.Length) { }
            else if (s[i] is '+' or '-' && (s.Length - i == 3 || (s.Length - i == 6 && s[i + 3] == ':')))
            {
                if (!Digits(s.Slice(i + 1, 2), out var oh)) return false;
                long om = 0;
                if (s.Length - i == 6 && !Digits(s.Slice(i + 4, 2), out om)) return false;
                if (oh > 15 || om > 59) return false;
                offset = (oh * 3600 + om * 60) * Interval.MicrosPerSecond;
                if (s[i] == '-') offset = -offset;
            }
            else
            {
                return false;
            }
        }
        micros = days * Interval.MicrosPerDay + hour * Interval.MicrosPerHour + minute * Interval.MicrosPerMinute
            + second * Interval.MicrosPerSecond + fraction - offset;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        foreach (var c in s)
        {
            int d = c - '0';
            if ((uint)d > 9)
                return false;
            value = value * 10 + d;
        }
        return true;
    }
}
