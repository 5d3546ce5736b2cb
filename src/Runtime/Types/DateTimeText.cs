using System.Globalization;

namespace StreamSql.Runtime.Types;

/// <summary>
/// Reads the ISO date and timestamp forms PostgreSQL accepts: <c>2022-01-01</c>,
/// <c>2022-01-01 10:00</c>, <c>2022-01-01T10:00:00.5Z</c>, offsets <c>+02</c>, <c>+0530</c>,
/// <c>+05:30</c>, zone names (<c>UTC</c>, <c>Europe/Paris</c>), <c>BC</c>, and the special words
/// <c>infinity</c>, <c>-infinity</c>, <c>epoch</c>. Fractions beyond microseconds round half to even.
/// </summary>
internal static class DateTimeText
{
    public enum Special { None, PositiveInfinity, NegativeInfinity }

    /// <summary>Parses into wall-clock microseconds plus the explicit offset or zone, if any; throws 22007 / 22008.</summary>
    public static Special Parse(string text, string typeName, out long localMicros, out long? offsetMicros, out TimeZoneInfo? zone)
    {
        localMicros = 0;
        offsetMicros = null;
        zone = null;
        var s = text.Trim().ToLowerInvariant();
        switch (s)
        {
            case "infinity" or "+infinity": return Special.PositiveInfinity;
            case "-infinity": return Special.NegativeInfinity;
            case "epoch": offsetMicros = 0; return Special.None;
        }

        var i = 0;
        if (!TryReadDate(s, ref i, out var year, out var month, out var day))
            throw SqlStateException.InvalidDatetime(typeName, text);

        long hour = 0, minute = 0, second = 0, fraction = 0;
        var save = i;
        if (i < s.Length && (s[i] == 't' || s[i] == ' '))
        {
            i++;
            while (i < s.Length && s[i] == ' ') i++;
            if (ReadInt(s, ref i, 1, 2, out hour))
            {
                if (!Expect(s, ref i, ':') || !ReadInt(s, ref i, 1, 2, out minute)) throw SqlStateException.InvalidDatetime(typeName, text);
                if (i < s.Length && s[i] == ':')
                {
                    i++;
                    if (!ReadInt(s, ref i, 1, 2, out second)) throw SqlStateException.InvalidDatetime(typeName, text);
                    if (i < s.Length && s[i] == '.')
                    {
                        i++;
                        var start = i;
                        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                        if (i > start) fraction = FractionMicros(s[start..i]);
                    }
                }
            }
            else
            {
                i = save;
            }
        }

        // Zone and era, in any order PostgreSQL's ISO forms produce.
        var bc = false;
        while (i < s.Length)
        {
            while (i < s.Length && s[i] == ' ') i++;
            if (i >= s.Length) break;
            if (s[i] is '+' or '-')
            {
                var negative = s[i] == '-';
                i++;
                if (!ReadInt(s, ref i, 1, 2, out var oh)) throw SqlStateException.InvalidDatetime(typeName, text);
                long om = 0, os = 0;
                if (i < s.Length && s[i] == ':') { i++; if (!ReadInt(s, ref i, 2, 2, out om)) throw SqlStateException.InvalidDatetime(typeName, text); }
                else if (i + 1 < s.Length && char.IsAsciiDigit(s[i])) { if (!ReadInt(s, ref i, 2, 2, out om)) throw SqlStateException.InvalidDatetime(typeName, text); }
                if (i < s.Length && s[i] == ':') { i++; if (!ReadInt(s, ref i, 2, 2, out os)) throw SqlStateException.InvalidDatetime(typeName, text); }
                if (oh > 15 || om > 59 || os > 59)
                    throw new SqlStateException("22009", $"time zone displacement out of range: \"{text}\"");
                var off = (oh * 3600 + om * 60 + os) * Interval.MicrosPerSecond;
                offsetMicros = negative ? -off : off;
                continue;
            }
            var wordStart = i;
            while (i < s.Length && s[i] != ' ' && s[i] != '+' && !(s[i] == '-' && i > wordStart && !char.IsLetter(s[i - 1]))) i++;
            var word = s[wordStart..i];
            switch (word)
            {
                case "z" or "utc" or "gmt" or "zulu": offsetMicros = 0; break;
                case "bc": bc = true; break;
                case "ad": break;
                default:
                    var original = text.Trim().Substring(wordStart, word.Length);
                    if (!TimeZoneInfo.TryFindSystemTimeZoneById(original, out var found))
                        throw SqlStateException.InvalidDatetime(typeName, text);
                    zone = found;
                    break;
            }
        }

        if (bc) year = 1 - year;
        if (month is < 1 or > 12 || day < 1 || day > CivilTime.DaysInMonth(year, (int)month)
            || hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute != 0 || second != 0 || fraction != 0)))
            throw SqlStateException.DatetimeOutOfRange(text);
        if (year == 0 && !bc) throw SqlStateException.DatetimeOutOfRange(text);
        if (year > 294276 || year < -4713) throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, $"{typeName} out of range: \"{text}\"");

        var days = CivilTime.DaysFromCivil(year, (int)month, (int)day);
        try
        {
            localMicros = checked(days * Interval.MicrosPerDay + ((hour * 60 + minute) * 60 + second) * Interval.MicrosPerSecond + fraction);
        }
        catch (OverflowException)
        {
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, $"{typeName} out of range: \"{text}\"");
        }
        if (localMicros == CivilTime.PositiveInfinity)
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, $"{typeName} out of range: \"{text}\"");
        return Special.None;
    }

    private static readonly string[] MonthNames =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>
    /// The date part, in the forms PostgreSQL reads with DateStyle ISO, MDY: <c>2022-01-31</c>,
    /// <c>2022/01/31</c>, <c>20220131</c>, <c>01/31/2022</c>, <c>1-31-22</c> (month first when the
    /// first field has one or two digits; two-digit years completed to 1970..2069), and with month
    /// names <c>Jan 31 2022</c>, <c>January 31, 2022</c>, <c>31 Jan 2022</c>, <c>2022-Jan-31</c>,
    /// optionally after a day name (<c>Mon, </c>).
    /// </summary>
    private static bool TryReadDate(string s, ref int i, out long year, out long month, out long day)
    {
        year = month = day = 0;
        // A leading day name is ignored ("mon, jan 31 2022", "monday jan 31 2022").
        if (i < s.Length && char.IsLetter(s[i]))
        {
            var save = i;
            var word = ReadWord(s, ref i);
            if (word.Length >= 3 && Array.IndexOf(DayNames, word[..3]) >= 0 && MonthIndex(word) < 0)
            {
                if (i < s.Length && s[i] == ',') i++;
                while (i < s.Length && s[i] == ' ') i++;
            }
            else
            {
                i = save;
            }
        }

        if (i < s.Length && char.IsLetter(s[i]))
        {
            // Mon DD[,] YYYY
            var m = MonthIndex(ReadWord(s, ref i));
            if (m < 0) return false;
            SkipSeparators(s, ref i);
            if (!ReadInt(s, ref i, 1, 2, out day)) return false;
            if (i < s.Length && s[i] == ',') i++;
            SkipSeparators(s, ref i);
            var start = i;
            if (!ReadInt(s, ref i, 1, 9, out year)) return false;
            if (i - start <= 2) year += year < 70 ? 2000 : 1900;
            month = m;
            return true;
        }

        var firstStart = i;
        if (!ReadInt(s, ref i, 1, 9, out var first)) return false;
        var firstDigits = i - firstStart;
        if (firstDigits == 8 && (i >= s.Length || s[i] is ' ' or 't'))
        {
            // YYYYMMDD
            year = first / 10000;
            month = first / 100 % 100;
            day = first % 100;
            return true;
        }
        if (i >= s.Length || s[i] is not ('-' or '/' or '.' or ' ')) return false;
        var separator = s[i++];
        if (separator == ' ') SkipSeparators(s, ref i);

        if (i < s.Length && char.IsLetter(s[i]))
        {
            // DD Mon YYYY or YYYY-Mon-DD
            var m = MonthIndex(ReadWord(s, ref i));
            if (m < 0) return false;
            SkipSeparators(s, ref i);
            var start = i;
            if (!ReadInt(s, ref i, 1, 9, out var third)) return false;
            month = m;
            if (firstDigits > 2) { year = first; day = third; }
            else
            {
                day = first;
                year = third;
                if (i - start <= 2) year += year < 70 ? 2000 : 1900;
            }
            return true;
        }
        if (separator == ' ') return false;

        if (!ReadInt(s, ref i, 1, 2, out var second) || !Expect(s, ref i, separator)) return false;
        var thirdStart = i;
        if (!ReadInt(s, ref i, 1, firstDigits <= 2 ? 9 : 2, out var last)) return false;
        if (firstDigits > 2)
        {
            (year, month, day) = (first, second, last);
        }
        else
        {
            // Month first (DateStyle MDY); a year of one or two digits is completed to 1970..2069.
            (month, day, year) = (first, second, last);
            if (i - thirdStart <= 2) year += year < 70 ? 2000 : 1900;
        }
        return true;
    }

    private static int MonthIndex(string word)
    {
        if (word.Length < 3) return -1;
        var m = Array.IndexOf(MonthNames, word[..3]);
        if (m < 0) return -1;
        // Only the three-letter abbreviation, the full name and "sept" name a month ("janu" does not).
        string[] full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
        return word.Length == 3 || word == full[m] || (m == 8 && word == "sept") ? m + 1 : -1;
    }

    private static string ReadWord(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsLetter(s[i])) i++;
        return s[start..i];
    }

    private static void SkipSeparators(string s, ref int i)
    {
        while (i < s.Length && s[i] is ' ' or '-' or '/' or '.') i++;
    }

    private static int CountDigitsBack(string s, int end)
    {
        var n = 0;
        while (end - n - 1 >= 0 && char.IsAsciiDigit(s[end - n - 1])) n++;
        return n;
    }

    private static long FractionMicros(string digits)
    {
        if (digits.Length <= 6) return long.Parse(digits.PadRight(6, '0'), CultureInfo.InvariantCulture);
        var value = decimal.Parse("0." + digits, CultureInfo.InvariantCulture) * 1_000_000m;
        return (long)Math.Round(value, MidpointRounding.ToEven);
    }

    private static bool ReadInt(string s, ref int i, int minDigits, int maxDigits, out long value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - start < maxDigits)
        {
            value = value * 10 + (s[i] - '0');
            i++;
        }
        if (i - start < minDigits) { i = start; return false; }
        return true;
    }

    private static bool Expect(string s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c) { i++; return true; }
        return false;
    }
}
