using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

public sealed class ValueComparerTests
{
    [Fact]
    public void NullsSortLastAndEqualEachOther()
    {
        var c = ValueComparer.For(DataType.Int32);
        Assert.True(c.Compare(null, 5) > 0);
        Assert.True(c.Compare(5, null) < 0);
        Assert.Equal(0, c.Compare(null, null));
        Assert.True(c.Equals(null, null));
        Assert.Equal(c.GetHashCode(null), c.GetHashCode(null));
        var sorted = new object?[] { 3, null, 1, 2 }.Order(c).ToArray();
        Assert.Equal(new object?[] { 1, 2, 3, null }, sorted);
    }

    [Fact]
    public void FloatsFollowPostgreSql()
    {
        var c = ValueComparer.For(DataType.Float64);
        Assert.True(c.Compare(double.NaN, double.PositiveInfinity) > 0);
        Assert.True(c.Equals(double.NaN, double.NaN));
        Assert.Equal(c.GetHashCode(double.NaN), c.GetHashCode(-double.NaN));
        Assert.True(c.Equals(0.0, -0.0));
        Assert.Equal(c.GetHashCode(0.0), c.GetHashCode(-0.0));
        Assert.True(c.Compare(double.NegativeInfinity, -1e308) < 0);
        var f = ValueComparer.For(DataType.Float32);
        Assert.True(f.Compare(float.NaN, float.MaxValue) > 0);
        Assert.True(f.Equals(0f, -0f));
        Assert.Equal(f.GetHashCode(0f), f.GetHashCode(-0f));
    }

    [Fact]
    public void NumericsCompareByValueAndHashAlike()
    {
        var c = ValueComparer.For(DataType.Numeric);
        Assert.True(c.Equals(1.0m, 1.00m));
        Assert.Equal(c.GetHashCode(1.0m), c.GetHashCode(1.00m));
        Assert.True(c.Compare(-0.5m, 0.25m) < 0);
    }

    [Fact]
    public void TextUsesCodePointOrder()
    {
        var c = ValueComparer.For(DataType.Text);
        Assert.True(c.Compare("Z", "a") < 0);
        Assert.True(c.Compare("abc", "abd") < 0);
        Assert.True(c.Compare("ab", "abc") < 0);
        Assert.True(c.Compare("é", "z") > 0);
        // U+1F600 (a surrogate pair in UTF-16) sorts after U+FFFD as in UTF-8 byte order.
        Assert.True(c.Compare("\U0001F600", "\uFFFD") > 0);
        Assert.True(c.Compare("\uFFFD", "\U0001F600") < 0);
        Assert.True(c.Compare("\U0001F600", "a") > 0);
        Assert.False(c.Equals("a", "A"));
    }

    [Fact]
    public void IntervalsCompareNormalized()
    {
        var c = ValueComparer.For(DataType.Interval);
        Assert.True(c.Equals(new Interval(1, 0, 0), new Interval(0, 30, 0)));
        Assert.Equal(c.GetHashCode(new Interval(1, 0, 0)), c.GetHashCode(new Interval(0, 30, 0)));
        Assert.True(c.Equals(new Interval(0, 1, 0), Interval.FromMicros(Interval.MicrosPerDay)));
        Assert.True(c.Compare(new Interval(0, 1, 0), Interval.FromMicros(25 * Interval.MicrosPerHour)) < 0);
    }

    [Fact]
    public void ArraysCompareElementwiseThenByLength()
    {
        var c = ValueComparer.For(DataType.ArrayOf(DataType.Int32));
        Assert.True(c.Compare(new object?[] { 1, 2 }, new object?[] { 1, 3 }) < 0);
        Assert.True(c.Compare(new object?[] { 1, 2 }, new object?[] { 1, 2, 0 }) < 0);
        Assert.True(c.Compare(new object?[] { 1, null }, new object?[] { 1, 5 }) > 0);
        Assert.True(c.Equals(new object?[] { 1, null }, new object?[] { 1, null }));
        Assert.Equal(c.GetHashCode(new object?[] { 1, null }), c.GetHashCode(new object?[] { 1, null }));
        var f = ValueComparer.For(DataType.ArrayOf(DataType.Float64));
        Assert.Equal(f.GetHashCode(new object?[] { 0.0 }), f.GetHashCode(new object?[] { -0.0 }));
    }

    [Fact]
    public void EveryKindHasAnOrder()
    {
        Assert.True(ValueComparer.For(DataType.Boolean).Compare(false, true) < 0);
        Assert.True(ValueComparer.For(DataType.Int16).Compare((short)-1, (short)1) < 0);
        Assert.True(ValueComparer.For(DataType.Int64).Compare(1L, 2L) < 0);
        Assert.True(ValueComparer.For(DataType.Timestamp).Compare(1L, 2L) < 0);
        Assert.True(ValueComparer.For(DataType.Date).Compare(1, 2) < 0);
        Assert.True(ValueComparer.For(DataType.Jsonb).Compare("1", "2") < 0);
        Assert.Same(ValueComparer.For(DataType.Int32), ValueComparer.For(DataType.Int32));
        Assert.Equal(DataType.Int32, ValueComparer.For(DataType.Int32).Type);
    }

    [Fact]
    public void WorksAsHashKeyComparer()
    {
        var set = new HashSet<object?>(ValueComparer.For(DataType.Numeric)) { 1.0m, 1.00m, 2m, null, null };
        Assert.Equal(3, set.Count);
    }

    [Fact]
    public void BoxedOrderAgreesWithTypedOrder()
    {
        Assert.True(BoxedOrder.Compare(double.NaN, 1.0) > 0);
        Assert.True(BoxedOrder.Compare(null, 1) > 0);
        Assert.True(BoxedOrder.AreEqual(1.0m, 1.00m));
        Assert.Equal(BoxedOrder.GetHashCode(0.0), BoxedOrder.GetHashCode(-0.0));
        Assert.True(BoxedOrder.Compare(new object?[] { "a" }, new object?[] { "b" }) < 0);
        Assert.Throws<InvalidOperationException>(() => BoxedOrder.Compare(1, "a"));
    }
}
