using System.Globalization;
using System.Text;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// <c>to_char(timestamp, pattern)</c> with PostgreSQL's template patterns: HH24 HH12 HH MI SS
/// MS US SSSS AM PM am pm A.M. P.M. YYYY YYY YY Y IYYY MM MON Mon mon MONTH Month month DD DDD
/// D ID DY Dy dy DAY Day day Q WW IW J TZ OF, the FM prefix (no padding), TH/th suffixes,
/// double-quoted literal text and backslash escapes. Anything else is copied.
/// Numbers (<see cref="FormatNumber"/>): 9 and 0 digit positions, <c>.</c>/<c>D</c>, <c>,</c>/<c>G</c>,
/// <c>S</c>, <c>MI</c>, <c>FM</c>; a value too wide for the pattern prints <c>#</c> in every position.
/// </summary>
public static class ToCharFormatter
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    // Longest patterns first so that a prefix never shadows a longer pattern.
    private static readonly string[] Patterns =
    [
        "HH24", "HH12", "HH", "MI", "SSSS", "SS", "MS", "US", "A.M.", "P.M.", "a.m.", "p.m.", "AM", "PM", "am", "pm",
        "IYYY", "YYYY", "YYY", "YY", "Y", "MONTH", "Month", "month", "MON", "Mon", "mon", "MM",
        "DAY", "Day", "day", "DY", "Dy", "dy", "DDD", "DD", "D", "ID", "IW", "WW", "Q", "J", "TZ", "tz", "OF",
    ];

    private static readonly string[] CaseInsensitivePatterns =
        ["HH24", "HH12", "HH", "MI", "SSSS", "SS", "MS", "US", "IYYY", "YYYY", "YYY", "YY", "Y", "MM", "DDD", "DD", "D", "ID", "IW", "WW", "Q", "J", "OF"];

    /// <summary>Formats a timestamp (wall clock) or, with <paramref name="tz"/>, a timestamptz shown in that zone.</summary>
    public static string Format(long micros, TimeZoneInfo? tz, string pattern)
    {
        if (micros is CivilTime.PositiveInfinity or CivilTime.NegativeInfinity) return "";
        var offset = tz is null ? 0 : CivilTime.OffsetMicrosAtUtc(tz, micros);
        var (days, time) = CivilTime.SplitMicros(micros + offset);
        var (year, month, day) = CivilTime.CivilFromDays(days);
        var hour = (int)(time / Interval.MicrosPerHour);
        var minute = (int)(time / Interval.MicrosPerMinute % 60);
        var second = (int)(time / Interval.MicrosPerSecond % 60);
        var fraction = (int)(time % Interval.MicrosPerSecond);
        var dow = CivilTime.DayOfWeek(days);
        var displayYear = year > 0 ? year : 1 - year;

        var sb = new StringBuilder(pattern.Length + 16);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '"')
            {
                i++;
                while (i < pattern.Length && pattern[i] != '"')
                {
                    if (pattern[i] == '\\' && i + 1 < pattern.Length) i++;
                    sb.Append(pattern[i++]);
                }
                i++;
                continue;
            }
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(pattern[i + 1]);
                i += 2;
                continue;
            }
            var fill = true;
            if (string.CompareOrdinal(pattern, i, "FM", 0, 2) == 0) { fill = false; i += 2; }
            var token = Patterns.FirstOrDefault(p => string.CompareOrdinal(pattern, i, p, 0, p.Length) == 0)
                // Numeric fields are case-insensitive (hh24:mi:ss); names keep their case-sensitive forms.
                ?? CaseInsensitivePatterns.FirstOrDefault(p => string.Compare(pattern, i, p, 0, p.Length, StringComparison.OrdinalIgnoreCase) == 0);
            if (token is null)
            {
                // A lone FM modifies nothing; any other character is copied.
                if (fill) sb.Append(pattern[i++]);
                continue;
            }
            i += token.Length;
            long? ordinal = null;
            switch (token)
            {
                case "HH24": Number(sb, hour, 2, fill); ordinal = hour; break;
                case "HH12" or "HH": { var h = hour % 12 == 0 ? 12 : hour % 12; Number(sb, h, 2, fill); ordinal = h; break; }
                case "MI": Number(sb, minute, 2, fill); ordinal = minute; break;
                case "SS": Number(sb, second, 2, fill); ordinal = second; break;
                case "SSSS": sb.Append(time / Interval.MicrosPerSecond); break;
                case "MS": Number(sb, fraction / 1000, 3, fill); break;
                case "US": Number(sb, fraction, 6, fill); break;
                case "AM" or "PM": sb.Append(hour < 12 ? "AM" : "PM"); break;
                case "am" or "pm": sb.Append(hour < 12 ? "am" : "pm"); break;
                case "A.M." or "P.M.": sb.Append(hour < 12 ? "A.M." : "P.M."); break;
                case "a.m." or "p.m.": sb.Append(hour < 12 ? "a.m." : "p.m."); break;
                case "YYYY": Number(sb, displayYear, 4, fill); ordinal = displayYear; break;
                case "IYYY": { DateTimeFunctions.IsoWeek(days, out var iy); Number(sb, iy > 0 ? iy : 1 - iy, 4, fill); break; }
                case "YYY": Number(sb, displayYear % 1000, 3, fill); break;
                case "YY": Number(sb, displayYear % 100, 2, fill); break;
                case "Y": sb.Append(displayYear % 10); break;
                case "MM": Number(sb, month, 2, fill); ordinal = month; break;
                case "MONTH": Name(sb, MonthNames[month - 1].ToUpperInvariant(), 9, fill); break;
                case "Month": Name(sb, MonthNames[month - 1], 9, fill); break;
                case "month": Name(sb, MonthNames[month - 1].ToLowerInvariant(), 9, fill); break;
                case "MON": sb.Append(MonthNames[month - 1][..3].ToUpperInvariant()); break;
                case "Mon": sb.Append(MonthNames[month - 1][..3]); break;
                case "mon": sb.Append(MonthNames[month - 1][..3].ToLowerInvariant()); break;
                case "DAY": Name(sb, DayNames[dow].ToUpperInvariant(), 9, fill); break;
                case "Day": Name(sb, DayNames[dow], 9, fill); break;
                case "day": Name(sb, DayNames[dow].ToLowerInvariant(), 9, fill); break;
                case "DY": sb.Append(DayNames[dow][..3].ToUpperInvariant()); break;
                case "Dy": sb.Append(DayNames[dow][..3]); break;
                case "dy": sb.Append(DayNames[dow][..3].ToLowerInvariant()); break;
                case "DDD": { var doy = days - CivilTime.DaysFromCivil(year, 1, 1) + 1; Number(sb, doy, 3, fill); ordinal = doy; break; }
                case "DD": Number(sb, day, 2, fill); ordinal = day; break;
                case "D": sb.Append(dow + 1); break;
                case "ID": sb.Append(dow == 0 ? 7 : dow); break;
                case "IW": Number(sb, DateTimeFunctions.IsoWeek(days, out _), 2, fill); break;
                case "WW": Number(sb, (days - CivilTime.DaysFromCivil(year, 1, 1)) / 7 + 1, 2, fill); break;
                case "Q": sb.Append((month - 1) / 3 + 1); break;
                case "J": sb.Append(days + 2440588); break;
                case "TZ" or "tz":
                {
                    var name = tz is null ? "" : offset == 0 ? "UTC" : OffsetText(offset);
                    sb.Append(token == "tz" ? name.ToLowerInvariant() : name);
                    break;
                }
                case "OF": sb.Append(tz is null ? "" : OffsetText(offset)); break;
            }
            if (ordinal is { } n && i + 2 <= pattern.Length
                && (string.CompareOrdinal(pattern, i, "TH", 0, 2) == 0 || string.CompareOrdinal(pattern, i, "th", 0, 2) == 0))
            {
                var suffix = Ordinal(n);
                sb.Append(pattern[i] == 'T' ? suffix.ToUpperInvariant() : suffix);
                i += 2;
            }
        }
        return sb.ToString();
    }

    /// <summary><c>to_char(number, pattern)</c>: rounds half away from zero to the pattern's fraction digits.</summary>
    public static string FormatNumber(decimal value, string pattern)
    {
        var fillMode = pattern.Contains("FM", StringComparison.OrdinalIgnoreCase);
        var body = pattern.Replace("FM", "", StringComparison.OrdinalIgnoreCase);
        var signPrefix = body.StartsWith('S') || body.StartsWith('s');
        var signSuffix = !signPrefix && (body.EndsWith('S') || body.EndsWith('s'));
        var minusSuffix = body.EndsWith("MI", StringComparison.OrdinalIgnoreCase);
        if (signPrefix) body = body[1..];
        else if (signSuffix) body = body[..^1];
        else if (minusSuffix) body = body[..^2];

        // Integer positions (9, 0 and group separators) before the decimal point, fraction digits after it.
        var point = body.IndexOfAny(['.', 'D', 'd']);
        var intPattern = point >= 0 ? body[..point] : body;
        var fracPattern = point >= 0 ? body[(point + 1)..] : "";
        var fracDigits = fracPattern.Count(c => c is '9' or '0');
        var intDigits = intPattern.Count(c => c is '9' or '0');
        var zeroStart = intPattern.IndexOf('0');

        var negative = value < 0;
        var rounded = Math.Round(Math.Abs(value), Math.Min(fracDigits, NumericMath.MaxPrecision), MidpointRounding.AwayFromZero);
        var digits = decimal.Truncate(rounded).ToString(CultureInfo.InvariantCulture);
        var fraction = NumericMath.WithScale(rounded - decimal.Truncate(rounded), fracDigits).ToString(CultureInfo.InvariantCulture);
        fraction = fracDigits == 0 ? "" : fraction[(fraction.IndexOf('.') + 1)..];
        if (digits == "0") digits = point < 0 && intDigits > 0 ? "0" : "";
        var overflow = digits.Length > intDigits;

        var sb = new StringBuilder(pattern.Length + 2);
        var digitIndex = digits.Length - intDigits; // index into digits for the current position (negative: padding)
        var started = false;
        var signText = negative ? "-" : signPrefix || signSuffix ? "+" : minusSuffix ? "" : " ";
        var leadingSign = !signSuffix && !minusSuffix;
        var positionIndex = 0;
        foreach (var c in intPattern)
        {
            if (c is '9' or '0')
            {
                var isZeroPad = zeroStart >= 0 && positionIndex >= zeroStart;
                if (overflow)
                {
                    if (!started && leadingSign) { sb.Append(signText); leadingSign = false; }
                    sb.Append('#');
                    started = true;
                }
                else if (digitIndex >= 0)
                {
                    if (!started && leadingSign) { sb.Append(signText); leadingSign = false; }
                    sb.Append(digits[digitIndex]);
                    started = true;
                }
                else if (isZeroPad)
                {
                    if (!started && leadingSign) { sb.Append(signText); leadingSign = false; }
                    sb.Append('0');
                    started = true;
                }
                else if (!fillMode)
                {
                    sb.Append(' ');
                }
                digitIndex++;
                positionIndex++;
            }
            else if (c is ',' or 'G' or 'g')
            {
                if (started) sb.Append(',');
                else if (!fillMode) sb.Append(' ');
            }
            else
            {
                sb.Append(c);
            }
        }
        if (leadingSign)
        {
            // No integer digit was printed: the sign goes right before the point.
            if (!fillMode || negative || signPrefix) sb.Append(signText);
        }
        if (point >= 0)
        {
            sb.Append('.');
            var fracOut = new StringBuilder();
            var k = 0;
            foreach (var c in fracPattern)
            {
                if (c is '9' or '0') fracOut.Append(overflow ? '#' : fraction[k++]);
                else fracOut.Append(c);
            }
            var text = fracOut.ToString();
            if (fillMode && !overflow)
            {
                // FM drops trailing zeros that stand at 9 positions.
                var end = text.Length;
                var patternPos = fracPattern.Length;
                while (end > 0 && text[end - 1] == '0' && fracPattern[patternPos - 1] == '9') { end--; patternPos--; }
                text = text[..end];
            }
            sb.Append(text);
        }
        if (signSuffix) sb.Append(signText);
        if (minusSuffix) sb.Append(negative ? '-' : fillMode ? "" : " ");
        var result = sb.ToString();
        return fillMode ? result.TrimStart(' ') : result;
    }

    private static void Number(StringBuilder sb, long value, int width, bool fill)
    {
        var s = value.ToString(CultureInfo.InvariantCulture);
        if (fill && s.Length < width) sb.Append('0', width - s.Length);
        sb.Append(s);
    }

    private static void Name(StringBuilder sb, string name, int width, bool fill)
    {
        sb.Append(name);
        if (fill && name.Length < width) sb.Append(' ', width - name.Length);
    }

    private static string OffsetText(long offsetMicros)
    {
        var seconds = Math.Abs(offsetMicros / Interval.MicrosPerSecond);
        var text = (offsetMicros < 0 ? "-" : "+") + (seconds / 3600).ToString("D2", CultureInfo.InvariantCulture);
        if (seconds % 3600 != 0) text += ":" + (seconds / 60 % 60).ToString("D2", CultureInfo.InvariantCulture);
        return text;
    }

    private static string Ordinal(long n)
    {
        var lastTwo = n % 100;
        if (lastTwo is 11 or 12 or 13) return "th";
        return (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
    }
}
