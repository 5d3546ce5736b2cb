using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

/// <summary>Float var_samp / stddev_samp as PostgreSQL 15 prints them.</summary>
public sealed class FloatVarianceTests
{
    private static FloatVariance Of(params double[] values) =>
        values.Aggregate(default(FloatVariance), (s, v) => s.Add(v));

    [Fact]
    public void MatchesPostgreSqlToTheLastDigit()
    {
        Assert.Equal("2.3333333333333335", ValueFormatter.FormatFloat8(Of(1, 2, 4).SampleVariance!.Value));
        Assert.Equal("1.5275252316519468", ValueFormatter.FormatFloat8(Of(1, 2, 4).SampleStandardDeviation!.Value));
        Assert.Equal("2.4999999999000003e+19", ValueFormatter.FormatFloat8(Of(0.1, 0.2, 0.3, 1e10).SampleVariance!.Value));
        Assert.Equal("4999999999.900001", ValueFormatter.FormatFloat8(Of(0.1, 0.2, 0.3, 1e10).SampleStandardDeviation!.Value));
        Assert.Equal("0", ValueFormatter.FormatFloat8(Of(5, 5).SampleVariance!.Value));
        Assert.Equal("1.5833333333333333", ValueFormatter.FormatFloat8(Of(1.5, 2.5, 4).SampleVariance!.Value));
    }

    [Fact]
    public void FewerThanTwoValuesGiveNull()
    {
        Assert.Null(Of().SampleVariance);
        Assert.Null(Of(3).SampleStandardDeviation);
        Assert.Equal(0.0, Of(3).PopulationVariance);
        Assert.Null(Of().PopulationVariance);
    }

    [Fact]
    public void RemoveUndoesAdd()
    {
        var state = Of(1, 2, 4, 10).Remove(10);
        Assert.Equal(3, state.Count);
        Assert.Equal(7, state.Sum);
        Assert.Equal(2.3333333333333335, state.SampleVariance!.Value, 12);
        Assert.Equal(default, Of(4).Remove(4));
        Assert.Equal(default, default(FloatVariance).Remove(1));
    }

    [Fact]
    public void NonFiniteInputsGiveNaN()
    {
        Assert.True(double.IsNaN(Of(1, double.PositiveInfinity).SampleVariance!.Value));
        Assert.True(double.IsNaN(Of(double.NaN, 1).SampleVariance!.Value));
    }
}
