using StreamSql.Runtime.Nexmark;

namespace StreamSql.Nexmark.Tests;

public sealed class JavaRandomTests
{
    // Expected values printed by java.util.Random on OpenJDK 17.
    [Fact]
    public void Reproduces_java_util_Random_for_seed_0()
    {
        var r = new JavaRandom(0);
        Assert.Equal(-1155484576, r.NextInt());
        Assert.Equal(8, r.NextInt(10));
        Assert.Equal(10, r.NextInt(13));
        Assert.Equal(-7261648964369397258L, r.NextLong());
        Assert.Equal(0.3090505681997092, r.NextDouble());
        Assert.Equal(251269761, r.NextInt(1000000007));
    }

    [Fact]
    public void Reproduces_java_util_Random_for_a_large_seed_and_power_of_two_bounds()
    {
        var r = new JavaRandom(12345678901L);
        Assert.Equal(3, r.NextInt(4));
        Assert.Equal(1, r.NextInt(2));
        Assert.Equal(0.14652128137518972, r.NextDouble());
        Assert.Equal(3097, r.NextInt(10000));
        Assert.Equal(-2069833613, r.NextInt());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Rejects_a_bound_that_is_not_positive(int bound)
    {
        var r = new JavaRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.NextInt(bound));
    }

    [Fact]
    public void Long_bound_above_int_range_stays_within_bound()
    {
        var r = new JavaRandom(7);
        for (int i = 0; i < 1000; i++)
        {
            long v = r.NextLong(5_000_000_000L);
            Assert.InRange(v, 0, 4_999_999_999L);
        }
    }
}
