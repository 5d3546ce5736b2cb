namespace StreamSql.Runtime.Types;

/// <summary>
/// Timestamp, date and interval arithmetic as PostgreSQL computes it: months are added first
/// (the day clamped to the month's end: Jan 31 + 1 month = Feb 28), then days, then
/// microseconds; for timestamptz the months and days move the wall clock of the session time
/// zone. Results outside the supported range are 22008 "timestamp out of range"; interval
/// overflow is 22008 "interval out of range".
/// </summary>
public static class DateTimeMath
{
    /// <summary>4714-11-24 BC 00:00, PostgreSQL's first timestamp.</summary>
    private static readonly long MinTimestamp = CivilTime.DaysFromCivil(-4713, 11, 24) * Interval.MicrosPerDay;

    /// <summary>
    /// PostgreSQL's timestamps reach 294276 AD, a little beyond what microseconds since 1970 hold in
    /// a long; the upper bound is therefore the long range itself (long.MaxValue is +infinity).
    /// </summary>
    private const long MaxTimestamp = CivilTime.PositiveInfinity;

    private static readonly long MinDate = CivilTime.DaysFromCivil(-4713, 11, 24);
    private static readonly long MaxDate = CivilTime.DaysFromCivil(5874898, 1, 1);

    public static SqlStateException TimestampOutOfRange() => new(SqlStateException.DatetimeFieldOverflow, "timestamp out of range");
    public static SqlStateException IntervalOutOfRange() => new(SqlStateException.DatetimeFieldOverflow, "interval out of range");
    public static SqlStateException DateOutOfRange() => new(SqlStateException.DatetimeFieldOverflow, "date out of range");

    private static bool IsInfinite(long ts) => ts is CivilTime.PositiveInfinity or CivilTime.NegativeInfinity;

    /// <summary>timestamp + interval.</summary>
    public static long Add(long timestamp, Interval interval)
    {
        if (IsInfinite(timestamp)) return timestamp;
        try
        {
            var ts = timestamp;
            if (interval.Months != 0) ts = AddMonths(ts, interval.Months);
            ts = checked(ts + interval.Days * Interval.MicrosPerDay + interval.Micros);
            return CheckRange(ts);
        }
        catch (OverflowException)
        {
            throw TimestampOutOfRange();
        }
    }

    public static long Subtract(long timestamp, Interval interval) => Add(timestamp, Negate(interval));

    /// <summary>timestamptz + interval: months and days in the wall clock of <paramref name="tz"/>, the rest in absolute time.</summary>
    public static long Add(long utc, Interval interval, TimeZoneInfo tz)
    {
        if (IsInfinite(utc)) return utc;
        if (interval.Months == 0 && interval.Days == 0) return Add(utc, interval);
        var local = CivilTime.UtcToLocal(tz, utc);
        local = Add(local, new Interval(interval.Months, interval.Days, 0));
        return Add(CivilTime.LocalToUtc(tz, local), Interval.FromMicros(interval.Micros));
    }

    public static long Subtract(long utc, Interval interval, TimeZoneInfo tz) => Add(utc, Negate(interval), tz);

    private static long AddMonths(long ts, int months)
    {
        var (days, time) = CivilTime.SplitMicros(ts);
        var (y, m, d) = CivilTime.CivilFromDays(days);
        var total = y * 12 + (m - 1) + months;
        var ny = Math.DivRem(total, 12L, out var nm0);
        if (nm0 < 0) { nm0 += 12; ny--; }
        var nm = (int)nm0 + 1;
        var nd = Math.Min(d, CivilTime.DaysInMonth(ny, nm));
        return checked(CivilTime.DaysFromCivil(ny, nm, nd) * Interval.MicrosPerDay + time);
    }

    private static long CheckRange(long ts) => ts < MinTimestamp || ts >= MaxTimestamp ? throw TimestampOutOfRange() : ts;

    /// <summary>timestamp − timestamp: the difference in days and time (PostgreSQL's justify_hours of the microseconds).</summary>
    public static Interval Difference(long a, long b)
    {
        if (IsInfinite(a) || IsInfinite(b)) throw new SqlStateException(SqlStateException.DatetimeFieldOverflow, "cannot subtract infinite timestamps");
        long diff;
        try { diff = checked(a - b); }
        catch (OverflowException) { throw IntervalOutOfRange(); }
        var days = diff / Interval.MicrosPerDay;
        return new Interval(0, (int)days, diff - days * Interval.MicrosPerDay);
    }

    /// <summary>date + integer days; 22008 "date out of range".</summary>
    public static int AddDays(int date, int days)
    {
        if (date is CivilTime.DatePositiveInfinity or CivilTime.DateNegativeInfinity) return date;
        var r = (long)date + days;
        return r < MinDate || r >= MaxDate ? throw DateOutOfRange() : (int)r;
    }

    public static Interval Add(Interval a, Interval b)
    {
        try
        {
            return new Interval(checked(a.Months + b.Months), checked(a.Days + b.Days), checked(a.Micros + b.Micros));
        }
        catch (OverflowException)
        {
            throw IntervalOutOfRange();
        }
    }

    public static Interval Subtract(Interval a, Interval b) => Add(a, Negate(b));

    public static Interval Negate(Interval a)
    {
        if (a.Months == int.MinValue || a.Days == int.MinValue || a.Micros == long.MinValue) throw IntervalOutOfRange();
        return new Interval(-a.Months, -a.Days, -a.Micros);
    }

    /// <summary>interval * factor as PostgreSQL's <c>interval_mul</c>: fractional months become days (30 per month), fractional days become time.</summary>
    public static Interval Multiply(Interval span, double factor)
    {
        if (double.IsNaN(factor)) throw IntervalOutOfRange();
        var monthsD = span.Months * factor;
        var daysD = span.Days * factor;
        if (double.IsInfinity(factor) || Math.Abs(monthsD) > int.MaxValue || Math.Abs(daysD) > int.MaxValue) throw IntervalOutOfRange();
        var months = (int)monthsD;
        var days = (int)daysD;
        var monthRemainderDays = TsRound((monthsD - months) * 30.0);
        var secRemainder = (daysD - days + monthRemainderDays - (int)monthRemainderDays) * 86400.0;
        secRemainder = TsRound(secRemainder);
        if (Math.Abs(secRemainder) >= 86400.0)
        {
            var extra = (int)(secRemainder / 86400.0);
            days += extra;
            secRemainder -= extra * 86400.0;
        }
        days += (int)monthRemainderDays;
        var micros = Math.Round(span.Micros * factor + secRemainder * 1e6, MidpointRounding.ToEven);
        if (double.IsNaN(micros) || micros < long.MinValue || micros >= 9.2233720368547758e18) throw IntervalOutOfRange();
        return new Interval(months, days, (long)micros);
    }

    /// <summary>PostgreSQL's TSROUND: rounds to microsecond precision so that float noise does not lose a whole day.</summary>
    private static double TsRound(double value) => Math.Round(value * 1e6, MidpointRounding.ToEven) / 1e6;

    /// <summary>interval / divisor; 22012 when the divisor is zero.</summary>
    public static Interval Divide(Interval span, double divisor)
    {
        if (divisor == 0) throw SqlStateException.DivisionByZero();
        var monthsD = span.Months / divisor;
        var daysD = span.Days / divisor;
        if (Math.Abs(monthsD) > int.MaxValue || Math.Abs(daysD) > int.MaxValue) throw IntervalOutOfRange();
        var months = (int)monthsD;
        var days = (int)daysD;
        var monthRemainderDays = TsRound((monthsD - months) * 30.0);
        var secRemainder = (daysD - days + monthRemainderDays - (int)monthRemainderDays) * 86400.0;
        secRemainder = TsRound(secRemainder);
        if (Math.Abs(secRemainder) >= 86400.0)
        {
            var extra = (int)(secRemainder / 86400.0);
            days += extra;
            secRemainder -= extra * 86400.0;
        }
        days += (int)monthRemainderDays;
        var micros = Math.Round(span.Micros / divisor + secRemainder * 1e6, MidpointRounding.ToEven);
        return new Interval(months, days, (long)micros);
    }

    /// <summary>
    /// <c>age(a, b)</c>: the symbolic difference in years, months, days and time, borrowing from
    /// the month before <paramref name="a"/> as PostgreSQL does.
    /// </summary>
    public static Interval Age(long a, long b)
    {
        var negate = a < b;
        if (negate) (a, b) = (b, a);
        var (da, ta) = CivilTime.SplitMicros(a);
        var (db, tb) = CivilTime.SplitMicros(b);
        var (y1, m1, d1) = CivilTime.CivilFromDays(da);
        var (y2, m2, d2) = CivilTime.CivilFromDays(db);
        var time = ta - tb;
        long day = d1 - d2;
        long month = m1 - m2;
        var year = y1 - y2;
        if (time < 0) { time += Interval.MicrosPerDay; day--; }
        // Borrow days from the earlier date's month, as PostgreSQL's timestamp_age does.
        while (day < 0)
        {
            day += CivilTime.DaysInMonth(y2, m2);
            month--;
        }
        if (month < 0) { month += 12; year--; }
        var result = new Interval((int)(year * 12 + month), (int)day, time);
        return negate ? Negate(result) : result;
    }
}
