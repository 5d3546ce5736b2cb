namespace StreamSql.Runtime.Types;

/// <summary>
/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01) and
/// microsecond timestamps, valid far beyond <see cref="DateTime"/>'s range, without allocation.
/// Infinite timestamps are <see cref="long.MaxValue"/> and <see cref="long.MinValue"/>.
/// </summary>
public static class CivilTime
{
    public const long PositiveInfinity = long.MaxValue;
    public const long NegativeInfinity = long.MinValue;
    public const int DatePositiveInfinity = int.MaxValue;
    public const int DateNegativeInfinity = int.MinValue;

    /// <summary>Days since 1970-01-01 of a civil date (year 0 is 1 BC).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yoe = year - era * 400;
        var doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// <summary>The civil date of a day number.</summary>
    public static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var doe = days - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = (int)(doy - (153 * mp + 2) / 5 + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }

    public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Splits microseconds since the epoch into a day number and the microseconds into that day (always ≥ 0).</summary>
    public static (long Days, long TimeOfDay) SplitMicros(long micros)
    {
        var days = Math.DivRem(micros, Interval.MicrosPerDay, out var rem);
        if (rem < 0) { days--; rem += Interval.MicrosPerDay; }
        return (days, rem);
    }

    /// <summary>Day of the week, 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday).</summary>
    public static int DayOfWeek(long days) => (int)(((days + 4) % 7 + 7) % 7);

    /// <summary>The offset of <paramref name="zone"/> from UTC, in microseconds, at a UTC instant.</summary>
    public static long OffsetMicrosAtUtc(TimeZoneInfo zone, long utcMicros)
    {
        if (zone == TimeZoneInfo.Utc) return 0;
        var clamped = Math.Clamp(utcMicros, -62135596800_000000L, 253402300799_000000L);
        var dt = DateTime.UnixEpoch.AddTicks(clamped * 10);
        return (long)zone.GetUtcOffset(dt).TotalMicroseconds;
    }

    /// <summary>
    /// The UTC instant of a wall-clock time in <paramref name="zone"/>. A time repeated by a
    /// fall-back transition takes the offset after it, a time skipped by a spring-forward
    /// transition the offset before it; both are the smaller of the two offsets, as PostgreSQL does.
    /// </summary>
    public static long LocalToUtc(TimeZoneInfo zone, long localMicros)
    {
        if (zone == TimeZoneInfo.Utc) return localMicros;
        var before = OffsetMicrosAtUtc(zone, localMicros - Interval.MicrosPerDay);
        var after = OffsetMicrosAtUtc(zone, localMicros + Interval.MicrosPerDay);
        var beforeValid = OffsetMicrosAtUtc(zone, localMicros - before) == before;
        var afterValid = OffsetMicrosAtUtc(zone, localMicros - after) == after;
        long offset;
        if (beforeValid && afterValid) offset = Math.Min(before, after);
        else if (beforeValid) offset = before;
        else if (afterValid) offset = after;
        else offset = Math.Min(before, after);
        return localMicros - offset;
    }

    /// <summary>Wall-clock microseconds in <paramref name="zone"/> of a UTC instant.</summary>
    public static long UtcToLocal(TimeZoneInfo zone, long utcMicros) =>
        utcMicros is PositiveInfinity or NegativeInfinity ? utcMicros : utcMicros + OffsetMicrosAtUtc(zone, utcMicros);
}
