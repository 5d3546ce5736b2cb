namespace StreamSql.Runtime.Types;

/// <summary>
/// The running state of var_samp / stddev_samp over floats, updated as PostgreSQL's
/// <c>float8_accum</c> does (the Youngs-Cramer recurrence over count, sum and the sum of squared
/// deviations), so results agree with PostgreSQL to the last digit; <see cref="Remove"/> undoes
/// an <see cref="Add"/> for retractions. NaN and infinite inputs make Sxx NaN, as in PostgreSQL.
/// </summary>
public readonly record struct FloatVariance(long Count, double Sum, double SumSquaredDeviations)
{
    public FloatVariance Add(double x)
    {
        var n = Count + 1;
        var sum = Sum + x;
        var sxx = SumSquaredDeviations;
        if (n > 1)
        {
            var tmp = x * n - sum;
            sxx += tmp * tmp / (n * (double)(n - 1));
            // An infinite input makes the deviations meaningless.
            if (double.IsInfinity(sum) || double.IsInfinity(x)) sxx = double.NaN;
        }
        else if (double.IsNaN(x) || double.IsInfinity(x))
        {
            sxx = double.NaN;
        }
        return new FloatVariance(n, sum, sxx);
    }

    /// <summary>The state without <paramref name="x"/>; the inverse of <see cref="Add"/>.</summary>
    public FloatVariance Remove(double x)
    {
        if (Count <= 1) return default;
        var tmp = x * Count - Sum;
        var sxx = SumSquaredDeviations - tmp * tmp / (Count * (double)(Count - 1));
        return new FloatVariance(Count - 1, Sum - x, Math.Max(sxx, 0));
    }

    /// <summary>var_samp: Sxx / (n − 1); null for fewer than two values.</summary>
    public double? SampleVariance => Count < 2 ? null : SumSquaredDeviations / (Count - 1);

    /// <summary>stddev_samp: the square root of <see cref="SampleVariance"/>.</summary>
    public double? SampleStandardDeviation => SampleVariance is { } v ? Math.Sqrt(v) : null;

    /// <summary>var_pop: Sxx / n; null for no values.</summary>
    public double? PopulationVariance => Count < 1 ? null : SumSquaredDeviations / Count;
}
