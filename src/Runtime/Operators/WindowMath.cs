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
}
