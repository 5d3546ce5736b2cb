namespace StreamSql.Bench.Runtime;

public sealed class HopBenchmark() : WindowAggregateBenchmark(hop: true)
{
    public override string Name => "runtime-hop";

    public override string Description => "HOP 2 s slide 10 s size count per key over 100k keys, rows/s (goal >= 3M/s)";
}
