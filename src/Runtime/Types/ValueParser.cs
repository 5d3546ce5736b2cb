using System.Globalization;

namespace StreamSql.Runtime.Types;

/// <summary>
/// PostgreSQL 15's text input of every kind (casts from text, literals, wire parameters in text
/// format, CSV and text sources). Bad text throws <see cref="SqlStateException"/> with
/// PostgreSQL's SQLSTATE and wording: 22P02 invalid syntax, 22007 invalid date/time syntax,
/// 22008 date/time field out of range, 22003 number out of range.
/// </summary>
public static class ValueParser
{
    /// <summary>The value of <paramref name="text"/> as <paramref name="type"/>; timestamptz text without an offset is read in <paramref name="tz"/> (UTC by default).</summary>
    public static object? Parse(string text, DataType type, TimeZoneInfo? tz = null) => type.Kind switch
    {
        TypeKind.Boolean => ParseBoolean(text),
        TypeKind.Int16 => ParseInt16(text),
        TypeKind.Int32 => ParseInt32(text),
        TypeKind.Int64 => ParseInt64(text),
        TypeKind.Float32 => ParseFloat32(text),
        TypeKind.Float64 => ParseFloat64(text),
        TypeKind.Numeric => type.Precision >= 0 ? NumericMath.ApplyTypeModifier(ParseNumeric(text), type.Precision, type.Scale) : ParseNumeric(text),
        TypeKind.Text or TypeKind.Unknown => text,
        TypeKind.Timestamp => ParseTimestamp(text),
        TypeKind.TimestampTz => ParseTimestampTz(text, tz ?? TimeZoneInfo.Utc),
        TypeKind.Date => ParseDate(text),
        TypeKind.Interval => IntervalParser.Parse(text),
        TypeKind.Jsonb => JsonbText.Canonicalize(text),
        TypeKind.Array => ParseArray(text, type.Element ?? DataType.Text, tz),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no text input for this type"),
    };

    public static bool ParseBoolean(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s.Length > 0)
        {
            // Any unique prefix of true/false/yes/no, "on"/"off" from two letters, 1/0.
            if ("true".StartsWith(s, StringComparison.Ordinal) || "yes".StartsWith(s, StringComparison.Ordinal) || s == "1") return true;
            if ("false".StartsWith(s, StringComparison.Ordinal) || "no".StartsWith(s, StringComparison.Ordinal) || s == "0") return false;
            if (s.Length >= 2 && "on".StartsWith(s, StringComparison.Ordinal)) return true;
            if (s.Length >= 2 && "off".StartsWith(s, StringComparison.Ordinal)) return false;
        }
        throw SqlStateException.InvalidText("boolean", text);
    }

    public static short ParseInt16(string text) => (short)ParseInteger(text, "smallint", short.MinValue, short.MaxValue);

    public static int ParseInt32(string text) => (int)ParseInteger(text, "integer", int.MinValue, int.MaxValue);

    public static long ParseInt64(string text) => ParseInteger(text, "bigint", long.MinValue, long.MaxValue);

    /// <summary>Digits are range-checked as they are read, so "99999x" is out of range before it is bad syntax, as in PostgreSQL.</summary>
    private static long ParseInteger(string text, string typeName, long min, long max)
    {
        var s = text.AsSpan().Trim();
        var i = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-') { negative = s[0] == '-'; i++; }
        if (i >= s.Length) throw SqlStateException.InvalidText(typeName, text);
        // Accumulate negatively so that long.MinValue parses.
        long value = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is < '0' or > '9') break;
            if (value < (long.MinValue + (c - '0')) / 10) throw SqlStateException.TextOutOfRange(typeName, text);
            value = value * 10 - (c - '0');
            if (negative ? value < min : value < -max) throw SqlStateException.TextOutOfRange(typeName, text);
        }
        if (i < s.Length) throw SqlStateException.InvalidText(typeName, text);
        return negative ? value : -value;
    }

    public static double ParseFloat64(string text)
    {
        var s = text.Trim();
        if (TrySpecialFloat(s, out var special)) return special;
        if (!IsDecimalNumber(s, out var hasNonZeroDigit)
            || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw SqlStateException.InvalidText("double precision", text);
        if (double.IsInfinity(v) || (v == 0 && hasNonZeroDigit))
            throw new SqlStateException(SqlStateException.NumericValueOutOfRange, $"\"{text}\" is out of range for type double precision");
        return v;
    }

    public static float ParseFloat32(string text)
    {
        var s = text.Trim();
        if (TrySpecialFloat(s, out var special)) return (float)special;
        if (!IsDecimalNumber(s, out var hasNonZeroDigit)
            || !float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw SqlStateException.InvalidText("real", text);
        if (float.IsInfinity(v) || (v == 0 && hasNonZeroDigit))
            throw new SqlStateException(SqlStateException.NumericValueOutOfRange, $"\"{text}\" is out of range for type real");
        return v;
    }

    private static bool TrySpecialFloat(string s, out double value)
    {
        switch (s.ToLowerInvariant())
        {
            case "nan": value = double.NaN; return true;
            case "infinity" or "+infinity" or "inf" or "+inf": value = double.PositiveInfinity; return true;
            case "-infinity" or "-inf": value = double.NegativeInfinity; return true;
            default: value = 0; return false;
        }
    }

    /// <summary>[+-]digits[.digits][e[+-]digits] with at least one digit in the mantissa.</summary>
    private static bool IsDecimalNumber(string s, out bool hasNonZeroDigit)
    {
        hasNonZeroDigit = false;
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-') i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { hasNonZeroDigit |= s[i] != '0'; i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { hasNonZeroDigit |= s[i] != '0'; i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == s.Length;
    }

    /// <summary>
    /// NUMERIC input keeping PostgreSQL's display scale: digits after the point minus the
    /// exponent (<c>1.50e1</c> is 15.0, <c>1e2</c> is 100). NaN and infinities have no
    /// <see cref="decimal"/> representation and are rejected with 0A000.
    /// </summary>
    public static decimal ParseNumeric(string text)
    {
        var s = text.Trim();
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase) || TrySpecialFloat(s, out _))
            throw new SqlStateException(SqlStateException.FeatureNotSupported, $"numeric value \"{text}\" is not supported", hint: "Use double precision for NaN and infinity.");
        if (!IsDecimalNumber(s, out _)) throw SqlStateException.InvalidText("numeric", text);
        var plain = ToPlainDecimal(s);
        try
        {
            return decimal.Parse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            throw NumericMath.Overflow();
        }
    }

    /// <summary>Rewrites a validated number with an exponent as plain digits with the display scale max(0, fraction digits − exponent).</summary>
    internal static string ToPlainDecimal(string s)
    {
        var e = s.IndexOfAny(['e', 'E']);
        if (e < 0) return s;
        var exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = s[..e];
        var sign = "";
        if (mantissa[0] is '+' or '-') { sign = mantissa[0] == '-' ? "-" : ""; mantissa = mantissa[1..]; }
        var point = mantissa.IndexOf('.');
        var intDigits = point >= 0 ? mantissa[..point] : mantissa;
        var fracDigits = point >= 0 ? mantissa[(point + 1)..] : "";
        var all = intDigits + fracDigits;
        var newPoint = intDigits.Length + exponent;
        var scale = Math.Max(0, fracDigits.Length - exponent);
        string result;
        if (newPoint <= 0) result = "0." + new string('0', -newPoint) + all;
        else if (newPoint >= all.Length) result = all + new string('0', newPoint - all.Length);
        else result = all[..newPoint] + "." + all[newPoint..];
        // Trim or pad the fraction to the display scale.
        var p = result.IndexOf('.');
        var frac = p >= 0 ? result[(p + 1)..] : "";
        var whole = p >= 0 ? result[..p] : result;
        if (frac.Length > scale) frac = frac[..scale];
        else frac = frac.PadRight(scale, '0');
        whole = whole.TrimStart('0');
        if (whole.Length == 0) whole = "0";
        return sign + whole + (scale > 0 ? "." + frac : "");
    }

    public static long ParseTimestamp(string text) =>
        DateTimeText.Parse(text, "timestamp", out var local, out _, out _) switch
        {
            DateTimeText.Special.PositiveInfinity => CivilTime.PositiveInfinity,
            DateTimeText.Special.NegativeInfinity => CivilTime.NegativeInfinity,
            _ => local,
        };

    public static long ParseTimestampTz(string text, TimeZoneInfo tz)
    {
        var special = DateTimeText.Parse(text, "timestamp with time zone", out var local, out var offset, out var zone);
        if (special == DateTimeText.Special.PositiveInfinity) return CivilTime.PositiveInfinity;
        if (special == DateTimeText.Special.NegativeInfinity) return CivilTime.NegativeInfinity;
        if (offset is { } o) return local - o;
        return CivilTime.LocalToUtc(zone ?? tz, local);
    }

    public static int ParseDate(string text)
    {
        var special = DateTimeText.Parse(text, "date", out var local, out _, out _);
        if (special == DateTimeText.Special.PositiveInfinity) return CivilTime.DatePositiveInfinity;
        if (special == DateTimeText.Special.NegativeInfinity) return CivilTime.DateNegativeInfinity;
        var (days, _) = CivilTime.SplitMicros(local);
        return days is > int.MaxValue - 1 or < int.MinValue + 1 ? throw SqlStateException.DatetimeOutOfRange(text) : (int)days;
    }

    /// <summary>
    /// One-dimensional array input (<c>{1,2,NULL}</c>, <c>{"a b",c}</c>), nested braces for arrays
    /// of arrays; errors are 22P02 "malformed array literal".
    /// </summary>
    public static object?[] ParseArray(string text, DataType elementType, TimeZoneInfo? tz = null)
    {
        var i = 0;
        SkipSpace(text, ref i);
        var result = ParseArrayLevel(text, ref i, elementType, tz);
        SkipSpace(text, ref i);
        if (i != text.Length) throw MalformedArray(text, "Junk after closing right brace.");
        return result;
    }

    private static object?[] ParseArrayLevel(string text, ref int i, DataType elementType, TimeZoneInfo? tz)
    {
        if (i >= text.Length || text[i] != '{') throw MalformedArray(text, "Array value must start with \"{\" or dimension information.");
        i++;
        var items = new List<object?>();
        SkipSpace(text, ref i);
        if (i < text.Length && text[i] == '}') { i++; return []; }
        while (true)
        {
            SkipSpace(text, ref i);
            if (i >= text.Length) throw MalformedArray(text, "Unexpected end of input.");
            if (text[i] == '{')
            {
                if (elementType.Kind != TypeKind.Array) throw MalformedArray(text, "Unexpected \"{\" character.");
                items.Add(ParseArrayLevel(text, ref i, elementType.Element ?? DataType.Text, tz));
            }
            else
            {
                var quoted = text[i] == '"';
                var sb = new System.Text.StringBuilder();
                if (quoted)
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length) throw MalformedArray(text, "Unexpected end of input.");
                        var c = text[i++];
                        if (c == '"') break;
                        if (c == '\\')
                        {
                            if (i >= text.Length) throw MalformedArray(text, "Unexpected end of input.");
                            c = text[i++];
                        }
                        sb.Append(c);
                    }
                }
                else
                {
                    var lastNonSpace = 0;
                    while (i < text.Length && text[i] is not (',' or '}'))
                    {
                        var c = text[i++];
                        if (c is '{' or '"') throw MalformedArray(text, $"Unexpected \"{c}\" character.");
                        if (c == '\\')
                        {
                            if (i >= text.Length) throw MalformedArray(text, "Unexpected end of input.");
                            c = text[i++];
                            sb.Append(c);
                            lastNonSpace = sb.Length;
                            continue;
                        }
                        if (sb.Length == 0 && char.IsWhiteSpace(c)) continue;
                        sb.Append(c);
                        if (!char.IsWhiteSpace(c)) lastNonSpace = sb.Length;
                    }
                    sb.Length = lastNonSpace;
                    if (sb.Length == 0) throw MalformedArray(text, "Unexpected \",\" character.");
                }
                var element = sb.ToString();
                if (!quoted && element.Equals("NULL", StringComparison.OrdinalIgnoreCase)) items.Add(null);
                else if (elementType.Kind == TypeKind.Array) throw MalformedArray(text, "Expected \"{\" character.");
                else items.Add(Parse(element, elementType, tz));
            }
            SkipSpace(text, ref i);
            if (i >= text.Length) throw MalformedArray(text, "Unexpected end of input.");
            if (text[i] == ',') { i++; continue; }
            if (text[i] == '}') { i++; return items.ToArray(); }
            throw MalformedArray(text, $"Unexpected \"{text[i]}\" character.");
        }
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }

    private static SqlStateException MalformedArray(string text, string detail) =>
        new(SqlStateException.InvalidTextRepresentationState, $"malformed array literal: \"{text}\"", detail);
}
