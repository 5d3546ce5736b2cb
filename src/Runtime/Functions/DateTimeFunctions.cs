using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Functions;

/// <summary>
/// now(), proctime(), date_trunc, extract / date_part, to_timestamp, to_char, make_interval,
/// age, date_bin and time-zone conversion. Time never comes from the wall clock: now() and
/// proctime() read the <see cref="FunctionContext"/>. Timestamptz fields and truncation use the
/// session time zone (<see cref="FunctionContext.TimeZone"/>). extract returns numeric (second
/// with 6 decimals), date_part double precision, as PostgreSQL 14 and later.
/// </summary>
internal static class DateTimeFunctions
{
    public static void Register(FunctionCatalogBuilder b)
    {
        var text = DataType.Text;
        var ts = DataType.Timestamp;
        var tstz = DataType.TimestampTz;
        var date = DataType.Date;
        var iv = DataType.Interval;
        var f8 = DataType.Float64;
        var i4 = DataType.Int32;
        var num = DataType.Numeric;

        b.Add("now", [], tstz, (_, c) => c.NowMicros, isVolatile: true);
        b.Add("current_timestamp", [], tstz, (_, c) => c.NowMicros, isVolatile: true);
        b.Add("current_date", [], date, (_, c) => CastEvaluator.MicrosToDate(CivilTime.UtcToLocal(c.TimeZone, c.NowMicros)), isVolatile: true);
        b.Add("proctime", [], tstz, (_, c) => c.ProcTimeMicros, isVolatile: true);

        b.Add("date_trunc", [text, ts], ts, a => TruncTimestamp((string)a[0]!, (long)a[1]!, "timestamp without time zone"));
        b.Add("date_trunc", [text, tstz], tstz, (a, c) => TruncTimestampTz((string)a[0]!, (long)a[1]!, c.TimeZone));
        b.Add("date_trunc", [text, iv], iv, a => TruncInterval((string)a[0]!, (Interval)a[1]!));

        b.Add("extract", [text, ts], num, a => ExtractTimestamp((string)a[0]!, (long)a[1]!, null, "timestamp without time zone"));
        b.Add("extract", [text, tstz], num, (a, c) => ExtractTimestamp((string)a[0]!, (long)a[1]!, c.TimeZone, "timestamp with time zone"));
        b.Add("extract", [text, date], num, a => ExtractDate((string)a[0]!, (int)a[1]!));
        b.Add("extract", [text, iv], num, a => ExtractInterval((string)a[0]!, (Interval)a[1]!));
        b.Add("date_part", [text, ts], f8, a => (double)ExtractTimestamp((string)a[0]!, (long)a[1]!, null, "timestamp without time zone"));
        b.Add("date_part", [text, tstz], f8, (a, c) => (double)ExtractTimestamp((string)a[0]!, (long)a[1]!, c.TimeZone, "timestamp with time zone"));
        b.Add("date_part", [text, date], f8, a => (double)ExtractTimestamp((string)a[0]!, CastEvaluator.DateToMicros((int)a[1]!), null, "timestamp without time zone"));
        b.Add("date_part", [text, iv], f8, a => (double)ExtractInterval((string)a[0]!, (Interval)a[1]!));

        b.Add("to_timestamp", [f8], tstz, a => ToTimestamp((double)a[0]!));
        b.Add("to_timestamp", [text, text], tstz, (a, c) => CivilTime.LocalToUtc(c.TimeZone, ToTimestampParser.Parse((string)a[0]!, (string)a[1]!)));
        b.Add("to_date", [text, text], date, a => CastEvaluator.MicrosToDate(ToTimestampParser.Parse((string)a[0]!, (string)a[1]!)));
        b.Add("to_char", [ts], text, a => ValueFormatter.FormatTimestamp((long)a[0]!));
        b.Add("to_char", [ts, text], text, a => ToCharFormatter.Format((long)a[0]!, null, (string)a[1]!));
        b.Add("to_char", [tstz, text], text, (a, c) => ToCharFormatter.Format((long)a[0]!, c.TimeZone, (string)a[1]!));
        b.Add("to_char", [num, text], text, a => ToCharFormatter.FormatNumber((decimal)a[0]!, (string)a[1]!));
        b.Add("to_char", [DataType.Int32, text], text, a => ToCharFormatter.FormatNumber((int)a[0]!, (string)a[1]!));
        b.Add("to_char", [DataType.Int64, text], text, a => ToCharFormatter.FormatNumber((long)a[0]!, (string)a[1]!));
        b.Add("to_char", [f8, text], text, a => FloatToChar((double)a[0]!, (string)a[1]!));
        b.Add("to_char", [date, text], text, a => ToCharFormatter.Format(CastEvaluator.DateToMicros((int)a[0]!), null, (string)a[1]!));

        // make_interval(years, months, weeks, days, hours, mins, secs): every prefix of the parameter list.
        DataType[] makeParams = [i4, i4, i4, i4, i4, i4, f8];
        for (var n = 0; n <= makeParams.Length; n++)
            b.Add("make_interval", makeParams[..n], iv, a => MakeInterval(a));
        b.Add("make_date", [i4, i4, i4], date, a => MakeDate((int)a[0]!, (int)a[1]!, (int)a[2]!));
        b.Add("make_timestamp", [i4, i4, i4, i4, i4, f8], ts,
            a => MakeTimestamp((int)a[0]!, (int)a[1]!, (int)a[2]!, (int)a[3]!, (int)a[4]!, (double)a[5]!));

        b.Add("age", [ts, ts], iv, a => DateTimeMath.Age((long)a[0]!, (long)a[1]!));
        b.Add("age", [tstz, tstz], iv, (a, c) => DateTimeMath.Age(CivilTime.UtcToLocal(c.TimeZone, (long)a[0]!), CivilTime.UtcToLocal(c.TimeZone, (long)a[1]!)));
        b.Add("date_bin", [iv, ts, ts], ts, a => DateBin((Interval)a[0]!, (long)a[1]!, (long)a[2]!));
        b.Add("date_bin", [iv, tstz, tstz], tstz, a => DateBin((Interval)a[0]!, (long)a[1]!, (long)a[2]!));
        b.Add("timezone", [text, tstz], ts, a => CivilTime.UtcToLocal(FindZone((string)a[0]!), (long)a[1]!));
        b.Add("timezone", [text, ts], tstz, a => CivilTime.LocalToUtc(FindZone((string)a[0]!), (long)a[1]!));
        b.Add("justify_hours", [iv], iv, a => JustifyHours((Interval)a[0]!));
        b.Add("justify_days", [iv], iv, a => JustifyDays((Interval)a[0]!));
    }

    private static SqlStateException UnitNotRecognized(string typeName, string unit) =>
        new(SqlStateException.InvalidParameterValue, $"unit \"{unit}\" not recognized for type {typeName}");

    private static SqlStateException UnitNotSupported(string typeName, string unit) =>
        new(SqlStateException.FeatureNotSupported, $"unit \"{unit}\" not supported for type {typeName}");

    /// <summary>Canonical unit name for the spellings PostgreSQL accepts (plural, abbreviations).</summary>
    private static string? NormalizeUnit(string unit) => unit.Trim().ToLowerInvariant() switch
    {
        "microsecond" or "microseconds" or "us" or "usec" or "usecs" or "useconds" => "microseconds",
        "millisecond" or "milliseconds" or "ms" or "msec" or "msecs" or "mseconds" => "milliseconds",
        "second" or "seconds" or "s" or "sec" or "secs" => "second",
        "minute" or "minutes" or "m" or "min" or "mins" => "minute",
        "hour" or "hours" or "h" or "hr" or "hrs" => "hour",
        "day" or "days" or "d" => "day",
        "week" or "weeks" or "w" => "week",
        "month" or "months" or "mon" or "mons" => "month",
        "quarter" or "qtr" => "quarter",
        "year" or "years" or "y" or "yr" or "yrs" => "year",
        "decade" or "decades" or "dec" or "decs" => "decade",
        "century" or "centuries" or "c" or "cent" => "century",
        "millennium" or "millennia" or "mil" or "mils" or "millenniums" => "millennium",
        "epoch" => "epoch",
        "dow" => "dow",
        "isodow" => "isodow",
        "doy" => "doy",
        "isoyear" => "isoyear",
        "julian" or "j" => "julian",
        "timezone" => "timezone",
        "timezone_hour" => "timezone_hour",
        "timezone_minute" => "timezone_minute",
        _ => null,
    };

    public static long TruncTimestamp(string unit, long micros, string typeName)
    {
        if (micros is CivilTime.PositiveInfinity or CivilTime.NegativeInfinity) return micros;
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized(typeName, unit);
        var (days, time) = CivilTime.SplitMicros(micros);
        var (y, m, _) = CivilTime.CivilFromDays(days);
        long Day(long yy, int mm, int dd) => CivilTime.DaysFromCivil(yy, mm, dd) * Interval.MicrosPerDay;
        return u switch
        {
            "microseconds" => micros,
            "milliseconds" => FloorTo(micros, 1000),
            "second" => FloorTo(micros, Interval.MicrosPerSecond),
            "minute" => FloorTo(micros, Interval.MicrosPerMinute),
            "hour" => FloorTo(micros, Interval.MicrosPerHour),
            "day" => days * Interval.MicrosPerDay,
            "week" => (days - (CivilTime.DayOfWeek(days) + 6) % 7) * Interval.MicrosPerDay,
            "month" => Day(y, m, 1),
            "quarter" => Day(y, (m - 1) / 3 * 3 + 1, 1),
            "year" => Day(y, 1, 1),
            "decade" => Day(FloorDiv(y, 10) * 10, 1, 1),
            "century" => Day(y > 0 ? (y - 1) / 100 * 100 + 1 : -((99 - (y - 1)) / 100) * 100 + 1, 1, 1),
            "millennium" => Day(y > 0 ? (y - 1) / 1000 * 1000 + 1 : -((999 - (y - 1)) / 1000) * 1000 + 1, 1, 1),
            _ => throw UnitNotSupported(typeName, unit),
        };
    }

    /// <summary>date_trunc on timestamptz: truncates the wall clock of the session zone, then converts back (units below a day stay absolute).</summary>
    public static long TruncTimestampTz(string unit, long utc, TimeZoneInfo tz)
    {
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized("timestamp with time zone", unit);
        if (u is "microseconds" or "milliseconds" or "second" or "minute")
            return TruncTimestamp(u, utc, "timestamp with time zone");
        var local = CivilTime.UtcToLocal(tz, utc);
        return CivilTime.LocalToUtc(tz, TruncTimestamp(u, local, "timestamp with time zone"));
    }

    public static Interval TruncInterval(string unit, Interval v)
    {
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized("interval", unit);
        var years = v.Months / 12;
        return u switch
        {
            "microseconds" => v,
            "milliseconds" => new Interval(v.Months, v.Days, v.Micros / 1000 * 1000),
            "second" => new Interval(v.Months, v.Days, v.Micros / Interval.MicrosPerSecond * Interval.MicrosPerSecond),
            "minute" => new Interval(v.Months, v.Days, v.Micros / Interval.MicrosPerMinute * Interval.MicrosPerMinute),
            "hour" => new Interval(v.Months, v.Days, v.Micros / Interval.MicrosPerHour * Interval.MicrosPerHour),
            "day" => new Interval(v.Months, v.Days, 0),
            "month" => new Interval(v.Months, 0, 0),
            "quarter" => new Interval(years * 12 + v.Months % 12 / 3 * 3, 0, 0),
            "year" => new Interval(years * 12, 0, 0),
            "decade" => new Interval(years / 10 * 120, 0, 0),
            "century" => new Interval(years / 100 * 1200, 0, 0),
            "millennium" => new Interval(years / 1000 * 12000, 0, 0),
            _ => throw UnitNotSupported("interval", unit),
        };
    }

    private static long FloorTo(long value, long unit) => FloorDiv(value, unit) * unit;

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }

    /// <summary>extract(field FROM timestamp[tz]) as numeric; for timestamptz the fields are those of the wall clock in <paramref name="tz"/>.</summary>
    public static decimal ExtractTimestamp(string unit, long micros, TimeZoneInfo? tz, string typeName)
    {
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized(typeName, unit);
        if (micros is CivilTime.PositiveInfinity or CivilTime.NegativeInfinity)
            throw new SqlStateException(SqlStateException.FeatureNotSupported, $"unit \"{unit}\" not supported for infinite {typeName}");
        if (u == "epoch") return NumericMath.Divide(micros, Interval.MicrosPerSecond) is var e ? NumericMath.WithScale(e, 6) : 0;
        var offset = tz is null ? 0 : CivilTime.OffsetMicrosAtUtc(tz, micros);
        if (tz is null && u is "timezone" or "timezone_hour" or "timezone_minute") throw UnitNotSupported(typeName, unit);
        var local = micros + offset;
        var (days, time) = CivilTime.SplitMicros(local);
        var (y, m, d) = CivilTime.CivilFromDays(days);
        var secondMicros = time % Interval.MicrosPerMinute;
        return u switch
        {
            "microseconds" => secondMicros,
            "milliseconds" => NumericMath.WithScale(secondMicros / 1000m, 3),
            "second" => NumericMath.WithScale(secondMicros / 1_000_000m, 6),
            "minute" => time / Interval.MicrosPerMinute % 60,
            "hour" => time / Interval.MicrosPerHour,
            "julian" => NumericMath.Add(days + 2440588, time == 0 ? 0m : NumericMath.Divide(time, Interval.MicrosPerDay)),
            "timezone" => offset / Interval.MicrosPerSecond,
            "timezone_hour" => offset / Interval.MicrosPerHour,
            "timezone_minute" => offset / Interval.MicrosPerMinute % 60,
            _ => DateField(u, days, y, m, d) ?? throw UnitNotSupported(typeName, unit),
        };
    }

    public static decimal ExtractDate(string unit, int date)
    {
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized("date", unit);
        if (date is CivilTime.DatePositiveInfinity or CivilTime.DateNegativeInfinity)
            throw new SqlStateException(SqlStateException.FeatureNotSupported, $"unit \"{unit}\" not supported for infinite date");
        if (u == "epoch") return (decimal)date * 86400;
        if (u == "julian") return date + 2440588m;
        var (y, m, d) = CivilTime.CivilFromDays(date);
        return DateField(u, date, y, m, d) ?? throw UnitNotSupported("date", unit);
    }

    /// <summary>The calendar fields shared by dates and timestamps (years before 1 AD count as negative: 1 BC is -1).</summary>
    private static decimal? DateField(string unit, long days, long y, int m, int d)
    {
        var displayYear = y > 0 ? y : y - 1;
        return unit switch
        {
            "day" => d,
            "month" => m,
            "quarter" => (m - 1) / 3 + 1,
            "year" => displayYear,
            "decade" => FloorDiv(y, 10),
            "century" => y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100),
            "millennium" => y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000),
            "dow" => CivilTime.DayOfWeek(days),
            "isodow" => CivilTime.DayOfWeek(days) == 0 ? 7 : CivilTime.DayOfWeek(days),
            "doy" => days - CivilTime.DaysFromCivil(y, 1, 1) + 1,
            "week" => IsoWeek(days, out _),
            "isoyear" => IsoWeek(days, out var isoYear) is var _ ? (isoYear > 0 ? isoYear : isoYear - 1) : 0,
            _ => null,
        };
    }

    /// <summary>The ISO 8601 week number of a day, and the ISO year it belongs to.</summary>
    public static int IsoWeek(long days, out long isoYear)
    {
        var isoDow = (CivilTime.DayOfWeek(days) + 6) % 7; // Monday = 0
        var thursday = days - isoDow + 3;
        isoYear = CivilTime.CivilFromDays(thursday).Year;
        var jan1 = CivilTime.DaysFromCivil(isoYear, 1, 1);
        return (int)((thursday - jan1) / 7 + 1);
    }

    public static decimal ExtractInterval(string unit, Interval v)
    {
        var u = NormalizeUnit(unit) ?? throw UnitNotRecognized("interval", unit);
        var years = v.Months / 12;
        var secondMicros = v.Micros % Interval.MicrosPerMinute;
        return u switch
        {
            "epoch" => NumericMath.WithScale(
                (decimal)years * 31557600m + (decimal)(v.Months % 12) * 2592000m + (decimal)v.Days * 86400m + v.Micros / 1_000_000m, 6),
            "microseconds" => secondMicros,
            "milliseconds" => NumericMath.WithScale(secondMicros / 1000m, 3),
            "second" => NumericMath.WithScale(secondMicros / 1_000_000m, 6),
            "minute" => v.Micros / Interval.MicrosPerMinute % 60,
            "hour" => v.Micros / Interval.MicrosPerHour,
            "day" => v.Days,
            "month" => v.Months % 12,
            "quarter" => v.Months % 12 / 3 + 1,
            "year" => years,
            "decade" => years / 10,
            "century" => years / 100,
            "millennium" => years / 1000,
            _ => throw UnitNotSupported("interval", unit),
        };
    }

    private static string FloatToChar(double value, string pattern)
    {
        // Values a decimal cannot hold print as overflow, as PostgreSQL does for numbers wider than the pattern.
        if (double.IsNaN(value) || double.IsInfinity(value) || Math.Abs(value) >= 7.9e28)
            return ToCharFormatter.FormatNumber(decimal.MaxValue, pattern);
        return ToCharFormatter.FormatNumber((decimal)value, pattern);
    }

    public static long ToTimestamp(double seconds)
    {
        if (double.IsNaN(seconds))
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, "timestamp cannot be NaN");
        if (double.IsPositiveInfinity(seconds)) return CivilTime.PositiveInfinity;
        if (double.IsNegativeInfinity(seconds)) return CivilTime.NegativeInfinity;
        // PostgreSQL shifts to its 2000-01-01 epoch before scaling; doing the same keeps the float rounding identical.
        const double epochShift = 946684800.0;
        var micros2000 = Math.Round((seconds - epochShift) * 1e6, MidpointRounding.ToEven);
        if (micros2000 < -211813488000e6 || micros2000 >= 9223371331200e6 - epochShift * 1e6)
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, $"timestamp out of range: \"{ValueFormatter.FormatFloat8(seconds)}\"");
        return (long)micros2000 + 946684800_000000L;
    }

    private static Interval MakeInterval(object?[] a)
    {
        int Arg(int i) => i < a.Length ? (int)a[i]! : 0;
        var secs = a.Length > 6 ? (double)a[6]! : 0.0;
        if (double.IsNaN(secs) || double.IsInfinity(secs)) throw DateTimeMath.IntervalOutOfRange();
        try
        {
            var months = checked(Arg(0) * 12 + Arg(1));
            var days = checked(Arg(2) * 7 + Arg(3));
            var micros = checked(Arg(4) * Interval.MicrosPerHour + Arg(5) * Interval.MicrosPerMinute + (long)Math.Round(secs * 1e6, MidpointRounding.ToEven));
            return new Interval(months, days, micros);
        }
        catch (OverflowException)
        {
            throw DateTimeMath.IntervalOutOfRange();
        }
    }

    private static int MakeDate(int year, int month, int day)
    {
        if (year == 0 || month is < 1 or > 12) throw DateOutOfRangeFields(year, month, day);
        long y = year < 0 ? year + 1 : year;
        if (day < 1 || day > CivilTime.DaysInMonth(y, month)) throw DateOutOfRangeFields(year, month, day);
        return (int)CivilTime.DaysFromCivil(y, month, day);
    }

    private static SqlStateException DateOutOfRangeFields(int year, int month, int day) =>
        new(SqlStateException.DatetimeFieldOverflow, $"date field value out of range: {year}-{month:D2}-{day:D2}");

    private static long MakeTimestamp(int year, int month, int day, int hour, int minute, double second)
    {
        var date = MakeDate(year, month, day);
        if (hour is < 0 or > 24 || minute is < 0 or > 59 || second < 0 || second > 60 || double.IsNaN(second))
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow,
                $"time field value out of range: {hour}:{minute:D2}:{ValueFormatter.FormatFloat8(second)}");
        return date * Interval.MicrosPerDay + hour * Interval.MicrosPerHour + minute * Interval.MicrosPerMinute
            + (long)Math.Round(second * 1e6, MidpointRounding.ToEven);
    }

    /// <summary>date_bin(stride, source, origin): the start of the stride-wide bin containing source, bins aligned on origin.</summary>
    public static long DateBin(Interval stride, long source, long origin)
    {
        if (stride.Months != 0)
            throw new SqlStateException(SqlStateException.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years");
        var width = stride.TotalMicros;
        if (width <= 0)
            throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, "stride must be greater than zero");
        var delta = source - origin;
        return origin + FloorDiv(delta, width) * width;
    }

    private static Interval JustifyHours(Interval v)
    {
        var days = v.Micros / Interval.MicrosPerDay;
        var micros = v.Micros - days * Interval.MicrosPerDay;
        var d = checked(v.Days + (int)days);
        if (d > 0 && micros < 0) { micros += Interval.MicrosPerDay; d--; }
        else if (d < 0 && micros > 0) { micros -= Interval.MicrosPerDay; d++; }
        return new Interval(v.Months, d, micros);
    }

    private static Interval JustifyDays(Interval v)
    {
        var months = checked(v.Months + v.Days / 30);
        var days = v.Days % 30;
        if (months > 0 && days < 0) { days += 30; months--; }
        else if (months < 0 && days > 0) { days -= 30; months++; }
        return new Interval(months, days, v.Micros);
    }

    /// <summary>A time zone by IANA name, or a fixed offset like <c>+02</c> / <c>UTC</c>; 22023 when unknown.</summary>
    public static TimeZoneInfo FindZone(string name)
    {
        var n = name.Trim();
        if (n.Equals("UTC", StringComparison.OrdinalIgnoreCase) || n.Equals("GMT", StringComparison.OrdinalIgnoreCase) || n.Equals("Z", StringComparison.OrdinalIgnoreCase))
            return TimeZoneInfo.Utc;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(n, out var zone)) return zone;
        throw new SqlStateException(SqlStateException.InvalidParameterValue, $"time zone \"{name}\" not recognized");
    }
}
