using System.Globalization;

namespace StreamSql.Runtime.Types;

/// <summary>
/// PostgreSQL's interval input: unit phrases (<c>1 hour 30 minutes</c>, <c>1.5 days</c>,
/// <c>1h30m</c>, <c>@ 1 day ago</c>), clock times (<c>01:30:00</c>, <c>1 day 02:00</c>,
/// <c>-1:30</c>), bare numbers (seconds, or the unit of the field qualifier:
/// <c>INTERVAL '5' MINUTE</c>), ISO 8601 durations (<c>P1DT2H</c>), and the qualifier's
/// truncation of lower fields. Errors: 22007 for bad syntax, 22015 for overflow.
/// </summary>
public static class IntervalParser
{
    private enum Unit { Microsecond, Millisecond, Second, Minute, Hour, Day, Week, Month, Year, Decade, Century, Millennium }

    public static Interval Parse(string text, IntervalField? field = null)
    {
        if (!TryParseCore(text, field, out var result, out var overflow))
            throw overflow
                ? new SqlStateException(SqlStateException.IntervalFieldOverflow, $"interval field value out of range: \"{text}\"")
                : SqlStateException.InvalidDatetime("interval", text);
        return result;
    }

    public static bool TryParse(string text, IntervalField? field, out Interval result) =>
        TryParseCore(text, field, out result, out _);

    /// <summary>Drops the fields below the qualifier's lowest field (<c>INTERVAL '1 day 02:03' DAY</c> is 1 day).</summary>
    public static Interval Truncate(Interval value, IntervalField field) => LowestField(field) switch
    {
        IntervalField.Year => new Interval(value.Months / 12 * 12, 0, 0),
        IntervalField.Month => new Interval(value.Months, 0, 0),
        IntervalField.Day => new Interval(value.Months, value.Days, 0),
        IntervalField.Hour => new Interval(value.Months, value.Days, value.Micros / Interval.MicrosPerHour * Interval.MicrosPerHour),
        IntervalField.Minute => new Interval(value.Months, value.Days, value.Micros / Interval.MicrosPerMinute * Interval.MicrosPerMinute),
        _ => value,
    };

    private static IntervalField LowestField(IntervalField field) => field switch
    {
        IntervalField.YearToMonth => IntervalField.Month,
        IntervalField.DayToHour => IntervalField.Hour,
        IntervalField.DayToMinute or IntervalField.HourToMinute => IntervalField.Minute,
        IntervalField.DayToSecond or IntervalField.HourToSecond or IntervalField.MinuteToSecond => IntervalField.Second,
        _ => field,
    };

    private static Unit BareNumberUnit(IntervalField? field) => field is null ? Unit.Second : LowestField(field.Value) switch
    {
        IntervalField.Year => Unit.Year,
        IntervalField.Month => Unit.Month,
        IntervalField.Day => Unit.Day,
        IntervalField.Hour => Unit.Hour,
        IntervalField.Minute => Unit.Minute,
        _ => Unit.Second,
    };

    /// <summary>Accumulates months, days and microseconds, with fractions carried down as PostgreSQL does.</summary>
    private struct Accumulator
    {
        public long Months;
        public long Days;
        public decimal Micros;

        public void Add(decimal value, Unit unit)
        {
            switch (unit)
            {
                case Unit.Microsecond: Micros += value; break;
                case Unit.Millisecond: Micros += value * 1000m; break;
                case Unit.Second: Micros += value * Interval.MicrosPerSecond; break;
                case Unit.Minute: Micros += value * Interval.MicrosPerMinute; break;
                case Unit.Hour: Micros += value * Interval.MicrosPerHour; break;
                case Unit.Day: AddDays(value); break;
                case Unit.Week: AddDays(value * 7m); break;
                case Unit.Month: AddMonths(value); break;
                case Unit.Year: AddYears(value, 1); break;
                case Unit.Decade: AddYears(value, 10); break;
                case Unit.Century: AddYears(value, 100); break;
                case Unit.Millennium: AddYears(value, 1000); break;
            }
        }

        private void AddDays(decimal value)
        {
            var whole = decimal.Truncate(value);
            Days = checked(Days + (long)whole);
            Micros += (value - whole) * Interval.MicrosPerDay;
        }

        private void AddMonths(decimal value)
        {
            var whole = decimal.Truncate(value);
            Months = checked(Months + (long)whole);
            AddDays((value - whole) * 30m);
        }

        private void AddYears(decimal value, int scale)
        {
            var years = value * scale;
            var whole = decimal.Truncate(years);
            Months = checked(Months + (long)whole * 12 + (long)Math.Round((years - whole) * 12m, MidpointRounding.AwayFromZero));
        }

        public readonly Interval ToInterval(bool negate)
        {
            var micros = (long)Math.Round(Micros, MidpointRounding.ToEven);
            var months = checked((int)Months);
            var days = checked((int)Days);
            return negate ? new Interval(checked(-months), checked(-days), checked(-micros)) : new Interval(months, days, micros);
        }
    }

    private static bool TryParseCore(string text, IntervalField? field, out Interval result, out bool overflow)
    {
        result = default;
        overflow = false;
        var s = text.Trim().ToLowerInvariant();
        if (s.Length == 0) return false;
        try
        {
            var acc = new Accumulator();
            bool ok;
            var negate = false;
            if (s[0] == 'p' || (s.Length > 1 && s[0] == '-' && s[1] == 'p'))
                ok = ParseIso(s, ref acc);
            else if (TryYearMonth(s, ref acc))
                ok = true;
            else
                ok = ParsePostgres(s, field, ref acc, ref negate);
            if (!ok) return false;
            result = acc.ToInterval(negate);
            if (field is { } f) result = Truncate(result, f);
            return true;
        }
        catch (OverflowException)
        {
            overflow = true;
            return false;
        }
    }

    private static bool ParsePostgres(string s, IntervalField? field, ref Accumulator acc, ref bool negate)
    {
        var i = 0;
        var sawAnything = false;
        var mask = 0;
        while (true)
        {
            while (i < s.Length && (char.IsWhiteSpace(s[i]) || s[i] == '@')) i++;
            if (i >= s.Length) break;

            if (char.IsLetter(s[i]))
            {
                var word = ReadWord(s, ref i);
                if (word == "ago" && sawAnything) { negate = !negate; continue; }
                return false;
            }

            var sign = 1m;
            if (s[i] is '+' or '-') { sign = s[i] == '-' ? -1m : 1m; i++; }
            if (i >= s.Length || !(char.IsDigit(s[i]) || s[i] == '.')) return false;
            var numberStart = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            var number = s[numberStart..i];

            if (i < s.Length && s[i] == ':')
            {
                // h:m[:s[.f]] (or m:s under MINUTE TO SECOND); the sign covers the whole clock.
                var parts = new List<string> { number };
                while (i < s.Length && s[i] == ':')
                {
                    i++;
                    var p = i;
                    while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
                    if (p == i) return false;
                    parts.Add(s[p..i]);
                }
                if (parts.Count > 3) return false;
                if ((mask & ClockMask) != 0) return false;
                mask |= ClockMask;
                if (!AddClock(parts, sign, field, ref acc)) return false;
                sawAnything = true;
                continue;
            }

            if (!TryNumber(number, out var value)) return false;
            value *= sign;
            while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
            Unit unit;
            if (i < s.Length && char.IsLetter(s[i]))
            {
                var save = i;
                var word = ReadWord(s, ref i);
                if (word == "ago") { i = save; unit = BareNumberUnit(field); }
                else if (!TryUnit(word, out unit)) return false;
            }
            else
            {
                // A bare number before a clock time counts days ('1 01:30'), as PostgreSQL reads it.
                unit = ClockFollows(s, i) ? Unit.Day : BareNumberUnit(field);
            }
            var unitMask = FieldMask(unit, decimal.Truncate(value) != value);
            if ((mask & unitMask) != 0) return false;
            mask |= unitMask;
            acc.Add(value, unit);
            sawAnything = true;
        }
        return sawAnything;
    }

    /// <summary>
    /// The fields a unit fills, as PostgreSQL's DecodeInterval tracks them: naming a field twice
    /// ('1 minute 2 minutes', '5 seconds 01:00:00') is a syntax error. Seconds with a fraction also
    /// claim milliseconds and microseconds; a clock time claims hours down to microseconds.
    /// </summary>
    private static int FieldMask(Unit unit, bool fractional) => unit switch
    {
        Unit.Second => fractional ? 0b111 : 0b001,
        Unit.Millisecond => 0b010,
        Unit.Microsecond => 0b100,
        _ => 1 << (3 + (int)unit),
    };

    private const int ClockMask = 0b111 | (1 << (3 + (int)Unit.Minute)) | (1 << (3 + (int)Unit.Hour));

    private static bool ClockFollows(string s, int i)
    {
        if (i < s.Length && s[i] is '+' or '-') i++;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start && i < s.Length && s[i] == ':';
    }

    private static bool AddClock(List<string> parts, decimal sign, IntervalField? field, ref Accumulator acc)
    {
        var minuteFirst = field == IntervalField.MinuteToSecond && parts.Count == 2;
        var units = minuteFirst ? new[] { Unit.Minute, Unit.Second } : new[] { Unit.Hour, Unit.Minute, Unit.Second };
        for (var k = 0; k < parts.Count; k++)
        {
            // Only the seconds may carry a fraction; minutes and seconds after a colon stay below 60.
            if (!TryNumber(parts[k], out var v)) return false;
            if (units[k] != Unit.Second && decimal.Truncate(v) != v) return false;
            if (k > 0 && v >= 60) throw new OverflowException();
            acc.Add(sign * v, units[k]);
        }
        return true;
    }

    /// <summary>The SQL-standard year-month form <c>[-]Y-M</c> (<c>INTERVAL '1-2' YEAR TO MONTH</c>).</summary>
    private static bool TryYearMonth(string s, ref Accumulator acc)
    {
        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-') { negative = s[0] == '-'; i++; }
        var dash = s.IndexOf('-', i);
        if (dash <= i || dash == s.Length - 1) return false;
        for (var k = i; k < s.Length; k++)
            if (k != dash && !char.IsAsciiDigit(s[k])) return false;
        var years = long.Parse(s.AsSpan(i, dash - i), System.Globalization.CultureInfo.InvariantCulture);
        var months = long.Parse(s.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture);
        if (months > 11) throw new OverflowException();
        var total = checked(years * 12 + months);
        acc.Months = negative ? -total : total;
        return true;
    }

    private static bool ParseIso(string s, ref Accumulator acc)
    {
        var i = 0;
        var negateAll = false;
        if (s[0] == '-') { negateAll = true; i++; }
        i++; // 'p'
        var inTime = false;
        var any = false;
        var local = new Accumulator();
        while (i < s.Length)
        {
            if (s[i] == 't')
            {
                if (inTime) return false;
                inTime = true;
                i++;
                continue;
            }
            var p = i;
            if (s[i] is '+' or '-') i++;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (p == i || i >= s.Length || !TryNumber(s[p..i], out var v)) return false;
            var designator = s[i++];
            Unit unit;
            switch (designator)
            {
                case 'y' when !inTime: unit = Unit.Year; break;
                case 'm' when !inTime: unit = Unit.Month; break;
                case 'w' when !inTime: unit = Unit.Week; break;
                case 'd' when !inTime: unit = Unit.Day; break;
                case 'h' when inTime: unit = Unit.Hour; break;
                case 'm' when inTime: unit = Unit.Minute; break;
                case 's' when inTime: unit = Unit.Second; break;
                default: return false;
            }
            local.Add(v, unit);
            any = true;
        }
        if (!any) return false;
        if (negateAll) { local.Months = -local.Months; local.Days = -local.Days; local.Micros = -local.Micros; }
        acc.Months += local.Months;
        acc.Days += local.Days;
        acc.Micros += local.Micros;
        return true;
    }

    private static string ReadWord(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsLetter(s[i])) i++;
        return s[start..i];
    }

    private static bool TryNumber(string text, out decimal value)
    {
        if (text.Length == 0 || text == "." || text.Count(c => c == '.') > 1) { value = 0; return false; }
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryUnit(string word, out Unit unit)
    {
        switch (word)
        {
            case "microsecond" or "microseconds" or "us" or "usec" or "usecs" or "useconds": unit = Unit.Microsecond; return true;
            case "millisecond" or "milliseconds" or "ms" or "msec" or "msecs" or "mseconds": unit = Unit.Millisecond; return true;
            case "second" or "seconds" or "s" or "sec" or "secs": unit = Unit.Second; return true;
            case "minute" or "minutes" or "m" or "min" or "mins": unit = Unit.Minute; return true;
            case "hour" or "hours" or "h" or "hr" or "hrs": unit = Unit.Hour; return true;
            case "day" or "days" or "d": unit = Unit.Day; return true;
            case "week" or "weeks" or "w": unit = Unit.Week; return true;
            case "month" or "months" or "mon" or "mons": unit = Unit.Month; return true;
            case "year" or "years" or "y" or "yr" or "yrs": unit = Unit.Year; return true;
            case "decade" or "decades" or "dec" or "decs": unit = Unit.Decade; return true;
            case "century" or "centuries" or "c" or "cent": unit = Unit.Century; return true;
            case "millennium" or "millennia" or "mil" or "mils" or "millenniums": unit = Unit.Millennium; return true;
            default: unit = default; return false;
        }
    }
}
