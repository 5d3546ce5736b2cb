using System.Runtime.CompilerServices;

namespace StreamSql.Runtime.Nexmark;

/// <summary>
/// The 48-bit linear congruential generator that <c>java.util.Random</c> specifies (multiplier
/// 0x5DEECE66D, addend 0xB), with the same derivations of <c>nextInt</c>, <c>nextInt(bound)</c>,
/// <c>nextLong</c> and <c>nextDouble</c>. The Nexmark generator seeds one of these with each
/// event's id, so every event is a pure function of its number and the reference generator's
/// draws are reproduced exactly. A struct: drawing allocates nothing.
/// </summary>
public struct JavaRandom
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Addend = 0xBL;
    private const long Mask = (1L << 48) - 1;
    private const double DoubleUnit = 1.0 / (1L << 53);

    private long state;

    public JavaRandom(long seed) => state = (seed ^ Multiplier) & Mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next(int bits)
    {
        state = (state * Multiplier + Addend) & Mask;
        return (int)((ulong)state >> (48 - bits));
    }

    public int NextInt() => Next(32);

    /// <summary>Uniform in [0, bound); <paramref name="bound"/> must be positive.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0)
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "bound must be positive");
        if ((bound & -bound) == bound)
            return (int)((bound * (long)Next(31)) >> 31);
        int bits, value;
        do
        {
            bits = Next(31);
            value = bits % bound;
        }
        while (bits - value + (bound - 1) < 0);
        return value;
    }

    public long NextLong() => ((long)Next(32) << 32) + Next(32);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (((long)Next(26) << 27) + Next(27)) * DoubleUnit;

    /// <summary>
    /// Nexmark's bounded long draw: <c>nextInt(n)</c> below <see cref="int.MaxValue"/>, otherwise the
    /// (skewed) absolute remainder of a 64-bit draw, as the reference generator does.
    /// </summary>
    public long NextLong(long bound)
    {
        if (bound < int.MaxValue)
            return NextInt((int)bound);
        long r = NextLong() % bound;
        return r < 0 ? -r : r;
    }
}
