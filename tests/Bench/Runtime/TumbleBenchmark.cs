namespace StreamSql.Bench.Runtime;

public sealed class TumbleBenchmark() : WindowAggregateBenchmark(hop: false)
{
    public override string Name => "runtime-tumble";

    public override string Description => "TUMBLE 1 s count+sum per key over 100k keys, rows/s (goal >= 5M/s)";
}
