using System.Diagnostics;
using System.Globalization;
using System.Text;
using StreamSql.Bench.Parser;
using StreamSql.Parser;
using StreamSql.Planner;

namespace StreamSql.Bench.Planner;

/// <summary>
/// Parses and binds (plans, with DDL applied to the catalog in order) the parse benchmark's 1 MB and
/// 10 MB scripts and reports MB/s; the ratio shows whether the front end as a whole stays linear.
/// Statements that fail to bind (the script's DML refers to objects a failed statement did not
/// create) still cost their binding, which is what is measured.
/// </summary>
public sealed class ParseBindBenchmark : IBenchmark
{
    public string Name => "parse-bind";

    public string Description => "parse and bind throughput on 1 MB and 10 MB scripts (linearity check)";

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        var warmup = ParseBenchmark.BuildScript(1 << 20);
        StatementPlanner.PlanScript(SqlParser.Parse(warmup), Catalog.Empty);
        var small = Measure(ParseBenchmark.BuildScript(1 << 20), output);
        var large = Measure(ParseBenchmark.BuildScript(10 << 20), output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio: {(double)large.Bytes / small.Bytes:F1}x the text took {large.Cpu / small.Cpu:F2}x the CPU time"));
    }

    private static (long Bytes, double Cpu) Measure(string script, TextWriter output)
    {
        long bytes = Encoding.UTF8.GetByteCount(script);
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var parsed = SqlParser.Parse(script);
        var planned = StatementPlanner.PlanScript(parsed, Catalog.Empty);
        watch.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var bound = planned.Count(p => p.Succeeded);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{bytes / 1e6,6:F1} MB, {parsed.Statements.Length,7} statements ({bound} bound): wall {watch.Elapsed.TotalMilliseconds,7:F0} ms = {bytes / 1e6 / watch.Elapsed.TotalSeconds,6:F2} MB/s, CPU {cpu * 1000,7:F0} ms = {bytes / 1e6 / cpu,6:F2} MB/s"));
        return (bytes, cpu);
    }
}
