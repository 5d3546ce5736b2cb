using System.Diagnostics;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;

namespace StreamSql.Bench.Runtime;

/// <summary>
/// Windowed count (+ sum) per key over 100k keys, ON WINDOW CLOSE with a watermark per epoch:
/// <c>tumble</c> (1 s windows, count and sum) or <c>hop</c> (2 s slide, 10 s size, count).
/// Args: [batches of 8,192 rows=1000] [snapshot the operators' state every N epochs=0 (never)]
/// [full|delta|commit=full]: the second measures what checkpointing costs (the serialization a checkpoint
/// does under the engine's lock; writing the file happens outside it), the third whether those are
/// full snapshots or, after the first, deltas (which also makes the operators note their changes),
/// or deltas taken as a server commits epochs (at most every N epochs, and only once the epochs
/// since the last delta took 20 times what it took).
/// </summary>
public abstract class WindowAggregateBenchmark(bool hop) : IBenchmark
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    public void Run(IReadOnlyList<string> args, TextWriter output)
    {
        int batches = args.Count > 0 ? int.Parse(args[0]) : 1000;
        int snapshotEvery = args.Count > 1 ? int.Parse(args[1]) : 0;
        bool deltas = args.Count > 2 && args[2] is "delta" or "commit";
        // As a server commits epochs: a delta once the epochs since the last one took 20 times what it took.
        bool commits = args.Count > 2 && args[2] == "commit";
        long nextCommit = 0;
        var snapshot = new MemoryStream();
        long snapshots = 0, snapshotBytes = 0, snapshotTicks = 0;
        const int size = 8192;
        const int keys = 100_000;
        // 1M rows per second of event time: each 1 s window sees ~10 rows per key.
        var data = RuntimeBenchData.Make(batches, size, keys, 1);
        var schema = RowSchema.Of(("k", DataType.Int32), ("v", DataType.Int32), ("ts", DataType.Timestamp));
        var scan = new TableScanNode("t", schema);
        var windowed = hop
            ? WindowAssignNode.Hop(scan, 2, Interval.FromMicros(2 * Interval.MicrosPerSecond), Interval.FromMicros(10 * Interval.MicrosPerSecond))
            : WindowAssignNode.Tumble(scan, 2, Interval.FromMicros(Interval.MicrosPerSecond));
        AggregateCall[] aggs = hop
            ? [new AggregateCall("count", [], DataType.Int64)]
            : [new AggregateCall("count", [], DataType.Int64), new AggregateCall("sum", [new ColumnExpression(1, DataType.Int32)], DataType.Int64)];
        var outSchema = RowSchema.Of([("window_start", DataType.Timestamp), ("k", DataType.Int32), .. aggs.Select((a, i) => ("a" + i, a.ResultType))]);
        var plan = new HashAggregateNode(windowed, [3, 0], [.. aggs], outSchema, EmitMode.OnWindowClose, WindowKey: 0);
        var counter = new RowCounter();
        var dataflow = new DataflowBuilder(new ExpressionCompiler(FunctionContext.Epoch0), new NullLateRowHandler()).Build(plan, counter);
        var entry = dataflow.Inputs[0].Entry;
        var agg = dataflow.Operators.First(o => o is HashAggregateOperator or PanedHopAggregateOperator);
        int Groups() => agg is HashAggregateOperator h ? h.GroupCount : ((PanedHopAggregateOperator)agg).GroupCount;
        var cpu0 = RuntimeBenchData.Cpu();
        var sw = Stopwatch.StartNew();
        long rows = 0, epoch = 0, maxGroups = 0;
        const int batchesPerEpoch = 8;
        for (int i = 0; i < data.Count; i++)
        {
            var b = data[i];
            entry.OnBatch(b);
            rows += b.RowCount;
            if ((i + 1) % batchesPerEpoch == 0 || i == data.Count - 1)
            {
                var ts = (Column<long>)b.Columns[2];
                entry.OnWatermark(new Watermark(2, ts.Values[b.Length - 1]));
                maxGroups = Math.Max(maxGroups, Groups());
                entry.OnEpochEnd(++epoch);
                if (snapshotEvery > 0 && epoch % snapshotEvery == 0 && (!commits || Stopwatch.GetTimestamp() >= nextCommit))
                {
                    long started = Stopwatch.GetTimestamp();
                    snapshot.SetLength(0);
                    if (deltas && snapshots > 0)
                    {
                        dataflow.SnapshotDelta(snapshot);
                    }
                    else
                    {
                        dataflow.Snapshot(snapshot);
                        dataflow.BeginDelta();
                    }

                    snapshots++;
                    snapshotBytes += snapshot.Length;
                    snapshotTicks += Stopwatch.GetTimestamp() - started;
                    nextCommit = started + (Stopwatch.GetTimestamp() - started) * 20;
                }
            }
        }
        sw.Stop();
        var cpu = RuntimeBenchData.Cpu() - cpu0;
        output.WriteLine($"{Name}: {rows:N0} rows, {epoch} epochs in {sw.Elapsed.TotalMilliseconds:F0} ms = {RuntimeBenchData.Rates(rows, sw.Elapsed, cpu)}; " +
            $"{counter.Rows:N0} window results, at most {maxGroups:N0} live groups ({agg.GetType().Name})" +
            (snapshots > 0 ? $"; {snapshots} state {(deltas ? "deltas" : "snapshots")} {(commits ? "at most" : "")} every {snapshotEvery} epochs, {snapshotBytes / snapshots / 1024.0:F0} KiB each, "
                + $"taking {Stopwatch.GetElapsedTime(0, snapshotTicks).TotalMilliseconds:F0} ms = {100.0 * snapshotTicks / (sw.Elapsed.TotalSeconds * Stopwatch.Frequency - snapshotTicks):F1}% of the rest of the run" : ""));
    }
}
