using System.Globalization;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// <c>to_timestamp(text, pattern)</c> and <c>to_date(text, pattern)</c>: reads the fields named
/// by the template patterns <see cref="ToCharFormatter"/> writes (YYYY MM DD HH24 HH12 HH MI SS
/// MS US AM PM Mon Month DDD, quoted literals). A separator in the pattern matches one separator
/// in the input, or none; numeric fields read at most their width. Missing fields default as in
/// PostgreSQL (year 1 BC, January, day 1, midnight). Errors: 22007 for a value that does not fit
/// its field, 22008 for a date or time out of range.
/// </summary>
public static class ToTimestampParser
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] Fields =
        ["HH24", "HH12", "HH", "MI", "SSSS", "SS", "MS", "US", "A.M.", "P.M.", "AM", "PM", "YYYY", "YYY", "YY", "Y", "MONTH", "MON", "MM", "DDD", "DD", "DAY", "DY"];

    /// <summary>The wall-clock timestamp (microseconds) the text denotes under the pattern.</summary>
    public static long Parse(string input, string pattern)
    {
        long year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0, dayOfYear = -1;
        bool? pm = null;
        var twelveHour = false;
        var yearDigits = 0;
        var i = 0;
        var p = 0;
        while (p < pattern.Length)
        {
            if (pattern[p] == '"')
            {
                p++;
                while (p < pattern.Length && pattern[p] != '"') { p++; if (i < input.Length) i++; }
                p++;
                continue;
            }
            if (string.CompareOrdinal(pattern, p, "FM", 0, 2) == 0) { p += 2; continue; }
            var field = Fields.FirstOrDefault(f => string.Compare(pattern, p, f, 0, f.Length, StringComparison.OrdinalIgnoreCase) == 0);
            if (field is null)
            {
                // A separator or literal character matches one non-alphanumeric character of the input, if there is one.
                if (i < input.Length && !char.IsLetterOrDigit(input[i])) i++;
                p++;
                continue;
            }
            p += field.Length;
            while (i < input.Length && input[i] == ' ') i++;
            switch (field)
            {
                case "HH24": hour = Number(input, ref i, 2, field); break;
                case "HH12" or "HH": hour = Number(input, ref i, 2, field); twelveHour = true; break;
                case "MI": minute = Number(input, ref i, 2, field); break;
                case "SS": second = Number(input, ref i, 2, field); break;
                case "SSSS":
                {
                    var s = Number(input, ref i, 5, field);
                    hour = s / 3600;
                    minute = s / 60 % 60;
                    second = s % 60;
                    break;
                }
                case "MS": micros = Fraction(input, ref i, 3, field) * 1000; break;
                case "US": micros = Fraction(input, ref i, 6, field); break;
                case "AM" or "PM" or "A.M." or "P.M.":
                {
                    var word = input.Length - i >= field.Length ? input.Substring(i, field.Length).ToUpperInvariant() : "";
                    if (word is "AM" or "A.M.") pm = false;
                    else if (word is "PM" or "P.M.") pm = true;
                    else throw InvalidValue(input, i, field, "The given value did not match any of the allowed values for this field.");
                    i += field.Length;
                    break;
                }
                case "YYYY": year = Number(input, ref i, 4, field, out yearDigits); break;
                case "YYY": year = Number(input, ref i, 3, field, out yearDigits); break;
                case "YY": year = Number(input, ref i, 2, field, out yearDigits); break;
                case "Y": year = Number(input, ref i, 1, field, out yearDigits); break;
                case "MM": month = Number(input, ref i, 2, field); break;
                case "DD": day = Number(input, ref i, 2, field); break;
                case "DDD": dayOfYear = Number(input, ref i, 3, field); break;
                case "MONTH" or "MON": month = MonthName(input, ref i, field, full: field == "MONTH"); break;
                case "DAY" or "DY":
                    // Day names are read and ignored, as PostgreSQL does.
                    while (i < input.Length && char.IsLetter(input[i])) i++;
                    break;
            }
        }

        // Two- and three-digit years are completed toward 2020, as PostgreSQL's adjust_partial_year_to_2020.
        if (yearDigits == 2) year += year < 70 ? 2000 : 1900;
        else if (yearDigits == 3) year += year < 100 ? 2000 : 1000;
        else if (yearDigits == 1) year += 2000;
        if (twelveHour)
        {
            if (hour is < 1 or > 12)
                throw new SqlStateException(SqlStateException.InvalidDatetimeFormat, $"hour \"{hour}\" is invalid for the 12-hour clock",
                    hint: "Use the 24-hour clock, or give an hour between 1 and 12.");
            if (pm == true && hour < 12) hour += 12;
            else if (pm != true && hour == 12) hour = 0;
        }
        else if (pm == true && hour < 12)
        {
            hour += 12;
        }

        long days;
        if (dayOfYear >= 0)
        {
            if (dayOfYear < 1 || dayOfYear > (CivilTime.IsLeapYear(year) ? 366 : 365)) throw SqlStateException.DatetimeOutOfRange(input);
            days = CivilTime.DaysFromCivil(year, 1, 1) + dayOfYear - 1;
        }
        else
        {
            if (month is < 1 or > 12 || day < 1 || day > CivilTime.DaysInMonth(year, (int)month)) throw SqlStateException.DatetimeOutOfRange(input);
            days = CivilTime.DaysFromCivil(year, (int)month, (int)day);
        }
        if (hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0 || micros > 0)))
            throw SqlStateException.DatetimeOutOfRange(input);
        return days * Interval.MicrosPerDay + ((hour * 60 + minute) * 60 + second) * Interval.MicrosPerSecond + micros;
    }

    private static long Number(string input, ref int i, int width, string field) => Number(input, ref i, width, field, out _);

    private static long Number(string input, ref int i, int width, string field, out int digits)
    {
        var start = i;
        long value = 0;
        while (i < input.Length && i - start < width && char.IsAsciiDigit(input[i]))
        {
            value = value * 10 + (input[i] - '0');
            i++;
        }
        digits = i - start;
        if (digits == 0) throw InvalidValue(input, start, field, "Value must be an integer.");
        return value;
    }

    /// <summary>A fraction field: "3" under MS is 300 milliseconds, as PostgreSQL reads it.</summary>
    private static long Fraction(string input, ref int i, int width, string field)
    {
        var value = Number(input, ref i, width, field, out var digits);
        for (var k = digits; k < width; k++) value *= 10;
        return value;
    }

    private static long MonthName(string input, ref int i, string field, bool full)
    {
        var start = i;
        while (i < input.Length && char.IsLetter(input[i])) i++;
        var word = input[start..i].ToLowerInvariant();
        for (var m = 0; m < 12; m++)
            if (full ? word == MonthNames[m] : word == MonthNames[m][..3])
                return m + 1;
        i = start;
        throw InvalidValue(input, start, field == "MONTH" ? "Month" : "Mon", "The given value did not match any of the allowed values for this field.");
    }

    private static SqlStateException InvalidValue(string input, int at, string field, string detail)
    {
        var end = at;
        while (end < input.Length && !char.IsWhiteSpace(input[end]) && (end == at || char.IsLetterOrDigit(input[end]) == char.IsLetterOrDigit(input[at]))) end++;
        var value = at < input.Length ? input[at..end] : "";
        return new SqlStateException(SqlStateException.InvalidDatetimeFormat, $"invalid value \"{value}\" for \"{field}\"", detail);
    }
}
