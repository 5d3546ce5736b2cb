using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Bench.Runtime;

/// <summary>Pre-built input batches for the runtime benchmarks: (k int, v int, ts timestamp), deterministic.</summary>
internal static class RuntimeBenchData
{
    public static readonly ImmutableArray<DataType> Types = [DataType.Int32, DataType.Int32, DataType.Timestamp];

    /// <summary>
    /// <paramref name="batches"/> batches of <paramref name="size"/> rows; keys cycle pseudo-randomly over
    /// <paramref name="keys"/>, event time advances <paramref name="microsPerRow"/> per row.
    /// </summary>
    public static List<Batch> Make(int batches, int size, int keys, long microsPerRow)
    {
        var result = new List<Batch>(batches);
        var rng = new Random(42);
        long ts = 1_700_000_000_000_000L;
        for (int b = 0; b < batches; b++)
        {
            var builder = new BatchBuilder(Types, size);
            builder.Reserve(size);
            var k = builder.ColumnAt<int>(0).Values;
            var v = builder.ColumnAt<int>(1).Values;
            var t = builder.ColumnAt<long>(2).Values;
            var w = builder.WeightArray;
            for (int i = 0; i < size; i++)
            {
                k[i] = rng.Next(keys);
                v[i] = rng.Next(1000);
                t[i] = ts;
                w[i] = 1;
                ts += microsPerRow;
            }
            builder.Commit(size);
            result.Add(builder.Build());
        }
        return result;
    }

    public static string Rate(long rows, TimeSpan elapsed) => $"{rows / elapsed.TotalSeconds / 1e6:F2}M rows/s";

    /// <summary>
    /// Wall-clock rate and rate per second of this process's CPU time: on a shared, loaded machine
    /// the second is the better measure of the code (it excludes time spent waiting for a core).
    /// </summary>
    public static string Rates(long rows, TimeSpan wall, TimeSpan cpu) =>
        $"{Rate(rows, wall)} wall, {rows / cpu.TotalSeconds / 1e6:F2}M rows/cpu-s";

    public static TimeSpan Cpu() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
}
