using System.Collections.Immutable;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A histogram of how long epochs took (wall time from start to commit), with fixed bucket bounds
/// in seconds as Prometheus histograms have them: <see cref="Counts"/>[i] epochs took at most
/// <see cref="Bounds"/>[i] (cumulative), <see cref="Count"/> all of them, <see cref="SumSeconds"/> their total.
/// </summary>
public sealed record EpochDurations(ImmutableArray<double> Bounds, ImmutableArray<long> Counts, long Count, double SumSeconds)
{
    public static readonly ImmutableArray<double> BucketBounds =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}

/// <summary>Records epoch durations; used under the runtime's lock.</summary>
internal sealed class EpochDurationRecorder
{
    private readonly long[] buckets = new long[EpochDurations.BucketBounds.Length];
    private long count;
    private double sum;

    public void Record(double seconds)
    {
        count++;
        sum += seconds;
        for (int i = 0; i < buckets.Length; i++)
        {
            if (seconds <= EpochDurations.BucketBounds[i])
            {
                buckets[i]++;
                break;
            }
        }
    }

    public EpochDurations Snapshot()
    {
        var cumulative = new long[buckets.Length];
        long running = 0;
        for (int i = 0; i < buckets.Length; i++)
            cumulative[i] = running += buckets[i];
        return new EpochDurations(EpochDurations.BucketBounds, [.. cumulative], count, sum);
    }
}
