using System.Globalization;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Reads interval literals at plan time (window sizes, watermark delays, constant arithmetic):
/// <c>INTERVAL '5' SECOND</c>, <c>INTERVAL '5 seconds'</c>, <c>INTERVAL '1 hour 30 minutes'</c>,
/// <c>INTERVAL '1 day 02:00:00'</c>, <c>INTERVAL '-1'</c> (a bare number counts in the unit, seconds by default).
/// </summary>
internal static class IntervalText
{
    public static bool TryParse(string text, IntervalUnit? unit, out Interval value)
    {
        value = default;
        var tokens = text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            return false;
        }

        int months = 0, days = 0;
        long micros = 0;
        var i = 0;
        while (i < tokens.Length)
        {
            var token = tokens[i];
            if (token.Contains(':'))
            {
                if (!TryTime(token, out var time))
                {
                    return false;
                }

                micros += time;
                i++;
                continue;
            }

            if (!decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                // A unit written against its number: '1s', '500ms', '2hours'.
                var split = token.Length;
                while (split > 0 && char.IsLetter(token[split - 1]))
                {
                    split--;
                }

                if (split == 0 || split == token.Length
                    || !decimal.TryParse(token[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                    || !Add(Normalize(token[split..]), number, ref months, ref days, ref micros))
                {
                    return false;
                }

                i++;
                continue;
            }

            string? word = i + 1 < tokens.Length && !char.IsDigit(tokens[i + 1][0]) && tokens[i + 1][0] is not '-' and not '+' ? tokens[i + 1] : null;
            var field = word is null ? UnitWord(unit) : word;
            i += word is null ? 1 : 2;
            if (!Add(Normalize(field), number, ref months, ref days, ref micros))
            {
                return false;
            }
        }

        value = new Interval(months, days, micros);
        return true;
    }

    private static string UnitWord(IntervalUnit? unit) => unit switch
    {
        IntervalUnit.Year => "year",
        IntervalUnit.Month => "month",
        IntervalUnit.Day => "day",
        IntervalUnit.Hour => "hour",
        IntervalUnit.Minute => "minute",
        _ => "second",
    };

    private static string Normalize(string field) => field == "ms" ? "millisecond" : field == "us" ? "microsecond" : field.TrimEnd('s');

    private static bool Add(string field, decimal number, ref int months, ref int days, ref long micros)
    {
        switch (field)
        {
            case "year" or "yr" or "y":
                months += (int)(number * 12);
                return true;
            case "mon" or "month":
                months += (int)number;
                return true;
            case "week" or "w":
                days += (int)(number * 7);
                return true;
            case "day" or "d":
                days += (int)number;
                micros += (long)((number - decimal.Truncate(number)) * Interval.MicrosPerDay);
                return true;
            case "hour" or "hr" or "h":
                micros += (long)(number * Interval.MicrosPerHour);
                return true;
            case "minute" or "min" or "m":
                micros += (long)(number * Interval.MicrosPerMinute);
                return true;
            case "second" or "sec" or "":
                micros += (long)(number * Interval.MicrosPerSecond);
                return true;
            case "millisecond" or "msec":
                micros += (long)(number * 1000);
                return true;
            case "microsecond" or "usec":
                micros += (long)number;
                return true;
            default:
                return false;
        }
    }

    private static bool TryTime(string token, out long micros)
    {
        micros = 0;
        var negative = token.StartsWith('-');
        var parts = token.TrimStart('-', '+').Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }

        if (!long.TryParse(parts[0], CultureInfo.InvariantCulture, out var hours) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var minutes))
        {
            return false;
        }

        decimal seconds = 0;
        if (parts.Length == 3 && !decimal.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return false;
        }

        micros = hours * Interval.MicrosPerHour + minutes * Interval.MicrosPerMinute + (long)(seconds * Interval.MicrosPerSecond);
        if (negative)
        {
            micros = -micros;
        }

        return true;
    }
}
