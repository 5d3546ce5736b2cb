namespace StreamSql.Runtime.Operators;

/// <summary>Window alignment on microsecond timestamps (floor division, correct before 1970 too).</summary>
public static class WindowMath
{
    /// <summary>The largest <c>offset + k * step</c> that is &lt;= <paramref name="ts"/>.</summary>
    public static long Align(long ts, long step, long offset)
    {
        long shifted = ts - offset;
        long q = shifted / step;
        if (shifted % step != 0 && shifted < 0)
            q--;
        return q * step + offset;
    }

    /// <summary>
    /// Whether the windows of <paramref name="time"/> (of <paramref name="size"/>, aligned at
    /// <paramref name="offset"/>) can be computed without overflow: a time within a window's size of
    /// the ends of the 64-bit range has none, like a NULL time.
    /// </summary>
    public static bool HasWindows(long time, long size, long offset) =>
        time <= long.MaxValue - size - Math.Abs(offset) && time >= long.MinValue + size + Math.Abs(offset);
}
