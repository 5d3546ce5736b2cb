using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class PanedHopTests
{
    private static readonly Data.RowSchema Input = Schema(("k", DataType.Int32), ("v", DataType.Int32), ("ts", DataType.Timestamp));

    private static HashAggregateNode Plan(params AggregateCall[] aggs)
    {
        // A table scan: the comparison below retracts rows too.
        var hop = WindowAssignNode.Hop(new TableScanNode("s", Input), 2, Seconds(2), Seconds(6));
        var schema = Schema([("window_start", DataType.Timestamp), ("k", DataType.Int32), ("window_end", DataType.Timestamp),
            .. aggs.Select((a, i) => ("a" + i, a.ResultType))]);
        return new HashAggregateNode(hop, Arr(3, 0, 4), [.. aggs], schema, EmitMode.OnWindowClose, WindowKey: 0);
    }

    private static AggregateCall[] AllAggregates =>
    [
        Count(),
        Agg("count", Col(1, DataType.Int32), DataType.Int64),
        Agg("sum", Col(1, DataType.Int32), DataType.Int64),
        Agg("min", Col(1, DataType.Int32), DataType.Int32),
        Agg("max", Col(1, DataType.Int32), DataType.Int32),
        Agg("avg", Col(1, DataType.Int32), DataType.Numeric),
    ];

    [Fact]
    public void TheBuilderUsesPanesOnlyForMergeableAggregates()
    {
        Assert.True(PanedHopAggregateOperator.Supports(Plan(AllAggregates)));
        Assert.False(PanedHopAggregateOperator.Supports(Plan(Agg("count", Col(1, DataType.Int32), DataType.Int64, distinct: true))));
        Assert.False(PanedHopAggregateOperator.Supports(Plan(new AggregateCall("string_agg", [Col(0, DataType.Text)], DataType.Text))));
        Assert.False(PanedHopAggregateOperator.Supports(Plan(AllAggregates) with { Emit = EmitMode.OnUpdate }));
    }

    [Fact]
    public void PanesGiveTheSameWindowsAsAssigningRowsToEveryWindow()
    {
        var plan = Plan(AllAggregates);
        var paned = new Collector();
        var panedOp = new PanedHopAggregateOperator(plan, new ExpressionCompiler(FunctionContext.Epoch0), new NullLateRowHandler(), paned);
        var plain = new Collector();
        var plainLate = new NullLateRowHandler();
        var agg = new HashAggregateOperator(plan, new ExpressionCompiler(FunctionContext.Epoch0), plainLate, plain);
        var assign = new WindowAssignOperator((WindowAssignNode)plan.Input, plainLate, agg);
        var rng = new Random(3);
        long t0 = Ts("2024-01-01 00:00:00"), s = Interval.MicrosPerSecond, maxTs = t0;
        var live = new List<object?[]>();
        for (int epoch = 1; epoch <= 60; epoch++)
        {
            var rows = new List<(object?[] Row, int Weight)>();
            for (int i = 0; i < 20; i++)
            {
                // Mostly recent rows, some up to 8 s behind (late for some or all of their windows).
                long ts = maxTs + rng.NextInt64(-8 * s, 2 * s);
                var row = Row(rng.Next(4), rng.Next(3) == 0 ? null : rng.Next(100), ts);
                rows.Add((row, 1));
                live.Add(row);
                maxTs = Math.Max(maxTs, ts);
            }
            if (live.Count > 5 && rng.Next(3) == 0)
            {
                var victim = live[rng.Next(live.Count)];
                live.Remove(victim);
                rows.Add((victim, -1));
            }
            using (var batch = Data.Batch.FromRows(Input.Types, rows))
            {
                panedOp.OnBatch(batch);
                assign.OnBatch(batch);
            }
            var wm = new Watermark(2, maxTs - 3 * s);
            panedOp.OnWatermark(wm);
            assign.OnWatermark(wm);
            panedOp.OnEpochEnd(epoch);
            assign.OnEpochEnd(epoch);
            Assert.Equal(plain.Last, paned.Last);
        }
        Assert.True(paned.Epochs.Sum(e => e.Count) > 50);
        Assert.True(panedOp.GroupCount < 40);
    }

    [Fact]
    public void SnapshotRestoreKeepsOpenPanes()
    {
        var plan = Plan(Count(), Agg("sum", Col(1, DataType.Int32), DataType.Int64));
        var first = new Harness(plan);
        long t0 = Ts("2024-01-01 00:00:00"), s = Interval.MicrosPerSecond;
        first.Send(Batch(Input, Row(1, 5, t0 + 1 * s), Row(1, 7, t0 + 3 * s)));
        first.EndEpoch();
        using var stream = new MemoryStream();
        first.Dataflow.Snapshot(stream);
        var second = new Harness(plan);
        stream.Position = 0;
        second.Dataflow.Restore(stream);
        second.Watermark(0, 2, t0 + 4 * s);
        Assert.Equal([$"+1 {t0 - 4 * s}|1|{t0 + 2 * s}|1|5", $"+1 {t0 - 2 * s}|1|{t0 + 4 * s}|2|12"], second.EndEpoch());
        Assert.IsType<PanedHopAggregateOperator>(second.Dataflow.Operators[0]);
    }
}
