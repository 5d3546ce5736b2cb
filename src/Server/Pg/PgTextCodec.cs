using System.Buffers.Text;
using System.Globalization;
using StreamSql.Runtime.Types;
using StreamSql.Runtime;

namespace StreamSql.Server.Pg;

/// <summary>
/// The text format of values on the wire. The runtime's <see cref="ValueFormatter"/> and
/// <see cref="ValueParser"/> define it; the kinds that stream most (booleans, integers, double
/// precision, numerics, text, dates and timestamps) are formatted here straight into the message
/// being written, without a string per value, and tests hold them equal to <see cref="ValueFormatter"/>.
/// Real (float4) goes through the runtime: its shortest form has midpoint rules of its own.
/// </summary>
internal static class PgTextCodec
{
    public static void Write(PgOutput output, DataType type, object value, TimeZoneInfo timeZone)
    {
        switch (type.Kind)
        {
            case TypeKind.Boolean:
                output.WriteByte((bool)value ? (byte)'t' : (byte)'f');
                break;
            case TypeKind.Int16:
                FormatUtf8((short)value, output);
                break;
            case TypeKind.Int32:
                FormatUtf8((int)value, output);
                break;
            case TypeKind.Int64:
                FormatUtf8((long)value, output);
                break;
            case TypeKind.Float64:
                output.Advance(FormatFloat8((double)value, output.GetSpan(32)));
                break;
            case TypeKind.Numeric:
                var number = (decimal)value;
                // A decimal can be a negative zero (-0.00); numeric has none.
                FormatUtf8(number == 0m ? Math.Abs(number) : number, output);
                break;
            case TypeKind.Timestamp:
                output.Advance(FormatTimestamp((long)value, false, output.GetSpan(48)));
                break;
            case TypeKind.TimestampTz when timeZone == TimeZoneInfo.Utc:
                output.Advance(FormatTimestamp((long)value, true, output.GetSpan(48)));
                break;
            case TypeKind.Date:
                output.Advance(FormatDate((int)value, output.GetSpan(32)));
                break;
            case TypeKind.Text or TypeKind.Jsonb or TypeKind.Unknown:
                output.WriteUtf8((string)value);
                break;
            default:
                // Real, intervals, arrays and timestamptz outside UTC: rarer, formatted by the runtime.
                output.WriteUtf8(ValueFormatter.Format(value, type, timeZone) ?? "");
                break;
        }
    }

    private static void FormatUtf8<T>(T value, PgOutput output) where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(48);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    /// <summary>
    /// Shortest round-trip digits of a double, printed as PostgreSQL does: fixed notation when the
    /// decimal exponent is in [-4, 15), otherwise d.ddde±XX.
    /// </summary>
    public static int FormatFloat8(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
            return Copy("NaN"u8, destination);
        if (double.IsPositiveInfinity(value))
            return Copy("Infinity"u8, destination);
        if (double.IsNegativeInfinity(value))
            return Copy("-Infinity"u8, destination);
        if (value == 0)
            return Copy(BitConverter.DoubleToInt64Bits(value) < 0 ? "-0"u8 : "0"u8, destination);

        Span<char> shortest = stackalloc char[40];
        value.TryFormat(shortest, out var shortLength, "R", CultureInfo.InvariantCulture);

        // Split "R" output ("-123.45", "1.2345E+17", "1E-05") into digits and a decimal exponent.
        var s = shortest[..shortLength];
        var negative = s[0] == '-';
        if (negative)
            s = s[1..];
        var exponentAt = s.IndexOfAny('E', 'e');
        var exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(s[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..exponentAt];
        }
        Span<char> digits = stackalloc char[40];
        var count = 0;
        var pointAt = s.IndexOf('.');
        var integerDigits = pointAt < 0 ? s.Length : pointAt;
        foreach (var c in s)
        {
            if (c != '.')
                digits[count++] = c;
        }
        // Leading zeros (0.00123) shift the exponent.
        var leading = 0;
        while (leading < count - 1 && digits[leading] == '0')
            leading++;
        var decimalExponent = integerDigits - 1 - leading + exponent;
        var significant = digits.Slice(leading, count - leading);
        var trimmed = significant.Length;
        while (trimmed > 1 && significant[trimmed - 1] == '0')
            trimmed--;
        significant = significant[..trimmed];

        var at = 0;
        if (negative)
            destination[at++] = (byte)'-';
        const int upper = 15;
        if (decimalExponent >= -4 && decimalExponent < upper)
        {
            if (decimalExponent < 0)
            {
                destination[at++] = (byte)'0';
                destination[at++] = (byte)'.';
                for (var i = 0; i < -decimalExponent - 1; i++)
                    destination[at++] = (byte)'0';
                foreach (var c in significant)
                    destination[at++] = (byte)c;
            }
            else
            {
                for (var i = 0; i <= decimalExponent; i++)
                    destination[at++] = (byte)(i < significant.Length ? significant[i] : '0');
                if (significant.Length > decimalExponent + 1)
                {
                    destination[at++] = (byte)'.';
                    for (var i = decimalExponent + 1; i < significant.Length; i++)
                        destination[at++] = (byte)significant[i];
                }
            }
            return at;
        }
        destination[at++] = (byte)significant[0];
        if (significant.Length > 1)
        {
            destination[at++] = (byte)'.';
            for (var i = 1; i < significant.Length; i++)
                destination[at++] = (byte)significant[i];
        }
        destination[at++] = (byte)'e';
        destination[at++] = decimalExponent < 0 ? (byte)'-' : (byte)'+';
        var magnitude = Math.Abs(decimalExponent);
        if (magnitude >= 100)
            destination[at++] = (byte)('0' + magnitude / 100);
        destination[at++] = (byte)('0' + magnitude / 10 % 10);
        destination[at++] = (byte)('0' + magnitude % 10);
        return at;
    }

    /// <summary>ISO date and time, fractional seconds without trailing zeros, "+00" for timestamptz (TimeZone UTC), " BC" for years before 1.</summary>
    public static int FormatTimestamp(long micros, bool withZone, Span<byte> destination)
    {
        if (micros == long.MaxValue)
            return Copy("infinity"u8, destination);
        if (micros == long.MinValue)
            return Copy("-infinity"u8, destination);
        var (days, time) = CivilTime.SplitMicros(micros);
        var (year, month, day) = CivilTime.CivilFromDays(days);
        var at = WriteYmd(year, month, day, destination);
        destination[at++] = (byte)' ';
        var seconds = time / 1_000_000;
        at += Two(seconds / 3600, destination[at..]);
        destination[at++] = (byte)':';
        at += Two(seconds / 60 % 60, destination[at..]);
        destination[at++] = (byte)':';
        at += Two(seconds % 60, destination[at..]);
        at += Fraction(time % 1_000_000, destination[at..]);
        if (withZone)
            at += Copy("+00"u8, destination[at..]);
        if (year <= 0)
            at += Copy(" BC"u8, destination[at..]);
        return at;
    }

    public static int FormatDate(int days, Span<byte> destination)
    {
        if (days == int.MaxValue)
            return Copy("infinity"u8, destination);
        if (days == int.MinValue)
            return Copy("-infinity"u8, destination);
        var (year, month, day) = CivilTime.CivilFromDays(days);
        var at = WriteYmd(year, month, day, destination);
        if (year <= 0)
            at += Copy(" BC"u8, destination[at..]);
        return at;
    }

    private static int WriteYmd(long year, int month, int day, Span<byte> destination)
    {
        var shown = year <= 0 ? 1 - year : year;
        var at = 0;
        for (var pad = shown < 1000 ? (shown < 100 ? (shown < 10 ? 3 : 2) : 1) : 0; pad > 0; pad--)
            destination[at++] = (byte)'0';
        Utf8Formatter.TryFormat(shown, destination[at..], out var written);
        at += written;
        destination[at++] = (byte)'-';
        at += Two(month, destination[at..]);
        destination[at++] = (byte)'-';
        at += Two(day, destination[at..]);
        return at;
    }

    private static int Two(long value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + value / 10);
        destination[1] = (byte)('0' + value % 10);
        return 2;
    }

    private static int Fraction(long micros, Span<byte> destination)
    {
        if (micros == 0)
            return 0;
        destination[0] = (byte)'.';
        var digits = 6;
        while (micros % 10 == 0)
        {
            micros /= 10;
            digits--;
        }
        for (var i = digits; i >= 1; i--)
        {
            destination[i] = (byte)('0' + micros % 10);
            micros /= 10;
        }
        return digits + 1;
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>Reads a text-format value (a parameter); throws <see cref="PgValueException"/> for invalid text.</summary>
    public static object? Parse(DataType type, string text, TimeZoneInfo timeZone)
    {
        try
        {
            return ValueParser.Parse(text, type, timeZone);
        }
        catch (SqlStateException e)
        {
            throw new PgValueException(e.SqlState, e.Message);
        }
    }
}
