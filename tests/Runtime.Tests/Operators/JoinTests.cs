using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class JoinTests
{
    private static readonly Data.RowSchema L = Schema(("id", DataType.Int32), ("l", DataType.Text));
    private static readonly Data.RowSchema R = Schema(("id", DataType.Int32), ("r", DataType.Text));

    private static Harness Join(JoinKind kind, PlanExpression? residual = null) =>
        new(new JoinNode(new TableScanNode("l", L), new TableScanNode("r", R), kind, Arr(0), Arr(0), residual));

    [Fact]
    public void InnerJoinEmitsMatchesAndRetractsThem()
    {
        var h = Join(JoinKind.Inner);
        h.Send(0, Batch(L, Row(1, "a"), Row(2, "b"))).Send(1, Batch(R, Row(1, "x")));
        Assert.Equal(["+1 1|a|1|x"], h.EndEpoch());
        h.Send(1, Batch(R, Row(1, "y")));
        Assert.Equal(["+1 1|a|1|y"], h.EndEpoch());
        h.Send(0, Batch(L, -1, Row(1, "a")));
        Assert.Equal(["-1 1|a|1|x", "-1 1|a|1|y"], h.EndEpoch());
    }

    [Fact]
    public void LeftJoinPadsUnmatchedRowsAndRetractsThePaddingWhenAMatchAppears()
    {
        var h = Join(JoinKind.Left);
        h.Send(0, Batch(L, Row(1, "a")));
        Assert.Equal(["+1 1|a|NULL|NULL"], h.EndEpoch());
        h.Send(1, Batch(R, Row(1, "x")));
        Assert.Equal(["+1 1|a|1|x", "-1 1|a|NULL|NULL"], h.EndEpoch());
        h.Send(1, Batch(R, -1, Row(1, "x")));
        Assert.Equal(["+1 1|a|NULL|NULL", "-1 1|a|1|x"], h.EndEpoch());
    }

    [Fact]
    public void RightAndFullJoinsPadTheirOuterSides()
    {
        var right = Join(JoinKind.Right);
        right.Send(0, Batch(L, Row(1, "a"))).Send(1, Batch(R, Row(2, "y")));
        Assert.Equal(["+1 NULL|NULL|2|y"], right.EndEpoch());

        var full = Join(JoinKind.Full);
        full.Send(0, Batch(L, Row(1, "a"))).Send(1, Batch(R, Row(2, "y")));
        Assert.Equal(["+1 1|a|NULL|NULL", "+1 NULL|NULL|2|y"], full.EndEpoch());
        full.Send(0, Batch(L, Row(2, "b")));
        Assert.Equal(["+1 2|b|2|y", "-1 NULL|NULL|2|y"], full.EndEpoch());
    }

    [Fact]
    public void AKeyWithManyRowsKeepsEachRowsMultiplicityThroughRetractionsAnywhereInIt()
    {
        // More rows under one key than a bucket searches linearly: rows are found by index, and
        // removing one from the middle moves another into its place.
        var h = Join(JoinKind.Inner);
        h.Send(0, Batch(L, [.. Enumerable.Range(0, 20).Select(i => Row(1, $"a{i:00}"))])).Send(1, Batch(R, Row(1, "x")));
        Assert.Equal(20, h.EndEpoch().Count);
        h.Send(0, Batch(L, -1, Row(1, "a03"), Row(1, "a10"), Row(1, "a19"), Row(1, "a00")));
        h.Send(0, Batch(L, Row(1, "a05"), Row(1, "a20")));
        Assert.Equal(["+1 1|a05|1|x", "+1 1|a20|1|x", "-1 1|a00|1|x", "-1 1|a03|1|x", "-1 1|a10|1|x", "-1 1|a19|1|x"], h.EndEpoch());
        h.Send(1, Batch(R, -1, Row(1, "x")));
        var expected = Enumerable.Range(1, 20).Except([3, 10, 19]).Select(i => $"-{(i == 5 ? 2 : 1)} 1|a{i:00}|1|x").Order(StringComparer.Ordinal);
        Assert.Equal(expected, h.EndEpoch().Order(StringComparer.Ordinal));
        h.Send(1, Batch(R, Row(1, "x")));
        Assert.Equal(17, h.EndEpoch().Count);
    }

    [Fact]
    public void NullKeysNeverMatch()
    {
        var h = Join(JoinKind.Full);
        h.Send(0, Batch(L, Row(null, "a"))).Send(1, Batch(R, Row(null, "x")));
        Assert.Equal(["+1 NULL|NULL|NULL|x", "+1 NULL|a|NULL|NULL"], h.EndEpoch());
    }

    [Fact]
    public void NullSafeKeysMatchNullWithNull()
    {
        // ON l.id IS NOT DISTINCT FROM r.id: how a decorrelated subquery joins back on its domain.
        var h = new Harness(new JoinNode(new TableScanNode("l", L), new TableScanNode("r", R), JoinKind.Left, Arr(0), Arr(0),
            NullSafeKeys: [true]));
        h.Send(0, Batch(L, Row(null, "a"), Row(1, "b"))).Send(1, Batch(R, Row(null, "x")));
        Assert.Equal(["+1 1|b|NULL|NULL", "+1 NULL|a|NULL|x"], h.EndEpoch());
        h.Send(1, Batch(R, -1, Row(null, "x")));
        Assert.Equal(["+1 NULL|a|NULL|NULL", "-1 NULL|a|NULL|x"], h.EndEpoch());
    }

    [Fact]
    public void ResidualConditionFiltersPairsAndDecidesPadding()
    {
        // ON l.id = r.id AND l.l < r.r
        var residual = Op("<", Col(1, DataType.Text), Col(3, DataType.Text));
        var h = Join(JoinKind.Left, residual);
        h.Send(0, Batch(L, Row(1, "m"))).Send(1, Batch(R, Row(1, "a"), Row(1, "z")));
        Assert.Equal(["+1 1|m|1|z"], h.EndEpoch());
        h.Send(1, Batch(R, -1, Row(1, "z")));
        Assert.Equal(["+1 1|m|NULL|NULL", "-1 1|m|1|z"], h.EndEpoch());
    }

    [Fact]
    public void AnInnerJoinsResidualOverWholeBatchesKeepsEveryPairsMultiplicity()
    {
        // ON l.id = r.id AND l.l < r.r: the pairs of a batch are filtered together; a NULL from the
        // residual drops the pair, NULL keys never match, duplicates multiply.
        var residual = Op("<", Col(1, DataType.Text), Col(3, DataType.Text));
        var h = Join(JoinKind.Inner, residual);
        h.Send(1, Batch(R, Row(1, "k"), Row(1, "k"), Row(2, "b"), Row(1, null), Row(null, "z")));
        h.Send(0, Batch(L, Row(1, "a"), Row(1, "z"), Row(2, "a"), Row(1, "c"), Row(null, "a"), Row(2, "c")));
        Assert.Equal(["+1 2|a|2|b", "+2 1|a|1|k", "+2 1|c|1|k"], h.EndEpoch());
        h.Send(0, Batch(L, -1, Row(1, "a"), Row(1, "c"))).Send(0, Batch(L, Row(1, "c"), Row(1, "b")));
        h.Send(1, Batch(R, -1, Row(1, "k")));
        Assert.Equal(["+1 1|b|1|k", "-1 1|c|1|k", "-2 1|a|1|k"], h.EndEpoch());
        h.Send(1, Batch(R, Row(1, "d"))).Send(0, Batch(L, Row(1, "c")));
        Assert.Equal(["+1 1|b|1|d", "+1 1|c|1|k", "+2 1|c|1|d"], h.EndEpoch());
    }

    [Fact]
    public void DuplicateRowsMultiplyOut()
    {
        var h = Join(JoinKind.Inner);
        h.Send(0, Batch(L, Row(1, "a"), Row(1, "a"))).Send(1, Batch(R, Row(1, "x"), Row(1, "x"), Row(1, "x")));
        Assert.Equal(["+6 1|a|1|x"], h.EndEpoch());
    }

    [Fact]
    public void WindowFullJoinMatchesTheFlinkExample()
    {
        // The time_window_join conformance case: FULL JOIN of two tumbled tables on num and window.
        var t = Schema(("row_time", DataType.Timestamp), ("num", DataType.Int32), ("id", DataType.Text));
        var left = WindowAssignNode.Tumble(new TableScanNode("L", t), 0, Minutes(5));
        var right = WindowAssignNode.Tumble(new TableScanNode("R", t), 0, Minutes(5));
        var join = new JoinNode(left, right, JoinKind.Full, Arr(1, 3, 4), Arr(1, 3, 4), Variant: JoinVariant.Window);
        var h = new Harness(join);
        h.Send(0, Batch(t, Row(Ts("2020-04-15 12:02"), 1, "L1"), Row(Ts("2020-04-15 12:06"), 2, "L2"), Row(Ts("2020-04-15 12:03"), 3, "L3")));
        h.Send(1, Batch(t, Row(Ts("2020-04-15 12:01"), 2, "R2"), Row(Ts("2020-04-15 12:04"), 3, "R3"), Row(Ts("2020-04-15 12:05"), 4, "R4")));
        var rows = h.EndEpoch().Select(l => string.Join("|", l.Split('|').Where((_, i) => i is 1 or 2 or 6 or 7))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["1|L1|NULL|NULL", "2|L2|NULL|NULL", "3|L3|3|R3", "NULL|NULL|2|R2", "NULL|NULL|4|R4"], rows);
    }

    [Fact]
    public void WindowJoinFreesAWindowOnceBothWatermarksPassIt()
    {
        var t = Schema(("num", DataType.Int32), ("window_start", DataType.Timestamp));
        var node = new JoinNode(new TableScanNode("L", t), new TableScanNode("R", t), JoinKind.Inner, Arr(0, 1), Arr(0, 1), Variant: JoinVariant.Window);
        var output = new Collector();
        var join = new Runtime.Operators.JoinOperator(node, new Runtime.Expressions.ExpressionCompiler(Runtime.Functions.FunctionContext.Epoch0), output);
        long w1 = Ts("2020-04-15 12:00"), w2 = Ts("2020-04-15 12:05");
        join.Left.OnBatch(Batch(t, Row(1, w1), Row(1, w2)));
        join.Right.OnBatch(Batch(t, Row(1, w1)));
        join.Left.OnWatermark(new(1, w2));
        join.Right.OnWatermark(new(1, w2));
        join.Left.OnEpochEnd(1);
        Assert.Equal(0, output.EpochEnds);
        join.Right.OnEpochEnd(1);
        Assert.Equal([$"+1 1|{w1}|1|{w1}"], output.Last);
        Assert.Equal((1L, 0L), join.StateRows);
        Assert.Equal([new(1, w2), new(3, w2)], output.Watermarks);
    }

    [Fact]
    public void IntervalJoinMatchesWithinBoundsAndDropsExpiredRows()
    {
        // a JOIN b ON a.k = b.k AND b.ts BETWEEN a.ts - 1 minute AND a.ts
        var a = Schema(("k", DataType.Int32), ("ts", DataType.Timestamp));
        var node = new JoinNode(new SourceScanNode("a", a), new SourceScanNode("b", a), JoinKind.Inner, Arr(0), Arr(0),
            Variant: JoinVariant.Interval, Bounds: new IntervalJoinBounds(1, 1, -Interval.MicrosPerMinute, 0));
        var output = new Collector();
        var join = new Runtime.Operators.JoinOperator(node, new Runtime.Expressions.ExpressionCompiler(Runtime.Functions.FunctionContext.Epoch0), output);
        long t0 = Ts("2024-01-01 10:00:00"), s = Interval.MicrosPerSecond;
        join.Left.OnBatch(Batch(a, Row(1, t0 + 60 * s)));
        join.Right.OnBatch(Batch(a, Row(1, t0 + 30 * s), Row(1, t0 - 30 * s), Row(1, t0 + 61 * s)));
        join.Left.OnEpochEnd(1);
        join.Right.OnEpochEnd(1);
        Assert.Equal([$"+1 1|{t0 + 60 * s}|1|{t0 + 30 * s}"], output.Last);
        Assert.Equal((1L, 3L), join.StateRows);
        // Right watermark past the left row's time: it can match nothing more. Left watermark at
        // +60 s: right rows older than +0 s can match no future left row.
        join.Right.OnWatermark(new(1, t0 + 61 * s));
        join.Left.OnWatermark(new(1, t0 + 60 * s));
        join.Left.OnEpochEnd(2);
        join.Right.OnEpochEnd(2);
        Assert.Equal((0L, 2L), join.StateRows);
    }
}
