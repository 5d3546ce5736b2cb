using System.Diagnostics;

namespace StreamSql.Bench.Live;

/// <summary>
/// Delivery latencies of one client, counted in 0.1 ms buckets up to 1 s (later ones in the last
/// bucket, the maximum kept exactly): a thousand clients record millions of rows without a growing
/// list each (whose page faults cost the clients' process a tenth of its CPU).
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 10_000;
    private static readonly double TicksPerBucket = Stopwatch.Frequency / 10_000.0;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public long MaxTicks { get; private set; }

    /// <summary>Adds one latency in <see cref="Stopwatch"/> ticks.</summary>
    public void Add(long ticks)
    {
        var bucket = (int)Math.Clamp(ticks / TicksPerBucket, 0, Buckets - 1);
        _counts[bucket]++;
        Count++;
        if (ticks > MaxTicks)
            MaxTicks = ticks;
    }

    public static LatencyHistogram Merge(IEnumerable<LatencyHistogram> histograms)
    {
        var all = new LatencyHistogram();
        foreach (var h in histograms)
        {
            for (var i = 0; i < Buckets; i++)
                all._counts[i] += h._counts[i];
            all.Count += h.Count;
            all.MaxTicks = Math.Max(all.MaxTicks, h.MaxTicks);
        }

        return all;
    }

    /// <summary>The latency in ms at quantile <paramref name="q"/> (the upper edge of its bucket; 1.0 gives the maximum).</summary>
    public double Ms(double q)
    {
        if (Count == 0)
            return double.NaN;
        if (q >= 1.0)
            return MaxTicks * 1000.0 / Stopwatch.Frequency;
        var rank = (long)(q * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen > rank)
                return (i + 1) / 10.0;
        }

        return MaxTicks * 1000.0 / Stopwatch.Frequency;
    }
}
