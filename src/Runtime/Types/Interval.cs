namespace StreamSql.Runtime.Types;

/// <summary>
/// A PostgreSQL interval: months, days and microseconds kept apart, because a month has no
/// fixed number of days and a day no fixed number of microseconds across time zones.
/// Comparison and hashing use PostgreSQL's normalisation (30 days a month, 24 hours a day).
/// </summary>
public readonly record struct Interval(int Months, int Days, long Micros) : IComparable<Interval>
{
    public const long MicrosPerSecond = 1_000_000L;
    public const long MicrosPerMinute = 60 * MicrosPerSecond;
    public const long MicrosPerHour = 60 * MicrosPerMinute;
    public const long MicrosPerDay = 24 * MicrosPerHour;

    public static Interval FromMicros(long micros) => new(0, 0, micros);

    /// <summary>The length in microseconds with 30-day months and 24-hour days (PostgreSQL's comparison key).</summary>
    public Int128 NormalizedMicros => (Int128)Months * 30 * MicrosPerDay + (Int128)Days * MicrosPerDay + Micros;

    /// <summary>True when the interval has a fixed length (no months), as window sizes need.</summary>
    public bool IsFixedLength => Months == 0;

    /// <summary>Days and microseconds as one fixed length; only meaningful when <see cref="IsFixedLength"/>.</summary>
    public long TotalMicros => Days * MicrosPerDay + Micros;

    public int CompareTo(Interval other) => NormalizedMicros.CompareTo(other.NormalizedMicros);

    public bool Equals(Interval other) => NormalizedMicros == other.NormalizedMicros;

    public override int GetHashCode() => NormalizedMicros.GetHashCode();
}
