using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class WindowTests
{
    private static readonly Data.RowSchema Input = Schema(("tm", DataType.Timestamp), ("foo", DataType.Int32));

    /// <summary>max(foo) per 1-hour tumbling window keyed by window_start.</summary>
    private static Harness MaxPerHour(EmitMode emit)
    {
        var windowed = WindowAssignNode.Tumble(new TableScanNode("t", Input), 0, Interval.FromMicros(Interval.MicrosPerHour));
        var agg = new HashAggregateNode(windowed, Arr(2), [Agg("max", Col(1, DataType.Int32), DataType.Int32)],
            Schema(("window_start", DataType.Timestamp), ("max", DataType.Int32)), emit, WindowKey: 0);
        return new Harness(agg);
    }

    [Fact]
    public void EmitOnWindowCloseEmitsFinalRowsWhenTheWatermarkPassesTheEnd()
    {
        var h = MaxPerHour(EmitMode.OnWindowClose);
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:51:00"), 1), Row(Ts("2023-05-06 16:56:00"), 8), Row(Ts("2023-05-06 17:30:00"), 3),
            Row(Ts("2023-05-06 17:59:00"), 4), Row(Ts("2023-05-06 18:01:00"), 6)));
        h.Watermark(0, 0, Ts("2023-05-06 17:56:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 16:00:00") + "|8"], h.EndEpoch());
        h.Send(Batch(Input, Row(Ts("2023-05-06 18:10:00"), 7)));
        h.Watermark(0, 0, Ts("2023-05-06 18:05:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 17:00:00") + "|4"], h.EndEpoch());
    }

    [Fact]
    public void RowsOfAClosedWindowAreLateAndDropped()
    {
        var h = MaxPerHour(EmitMode.OnWindowClose);
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:10:00"), 1)));
        h.Watermark(0, 0, Ts("2023-05-06 17:00:00"));
        h.EndEpoch();
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:59:59"), 100), Row(Ts("2023-05-06 17:00:00"), 2)));
        Assert.Empty(h.EndEpoch());
        Assert.Equal(1, h.Late.Count);
        h.Watermark(0, 0, Ts("2023-05-06 18:00:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 17:00:00") + "|2"], h.EndEpoch());
    }

    [Fact]
    public void RowsOfAnEpochAreJudgedByTheWatermarkFromItsStart()
    {
        var h = MaxPerHour(EmitMode.OnWindowClose);
        // The same epoch carries a row of the 16:00 window and a watermark that closes it: the row counts.
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:30:00"), 5)));
        h.Watermark(0, 0, Ts("2023-05-06 17:10:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 16:00:00") + "|5"], h.EndEpoch());
        Assert.Equal(0, h.Late.Count);
    }

    [Fact]
    public void EmitOnUpdateUpdatesOpenWindowsAndFreesClosedOnes()
    {
        var h = MaxPerHour(EmitMode.OnUpdate);
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:10:00"), 1)));
        Assert.Equal(["+1 " + Ts("2023-05-06 16:00:00") + "|1"], h.EndEpoch());
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:20:00"), 3)));
        h.Watermark(0, 0, Ts("2023-05-06 17:00:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 16:00:00") + "|3", "-1 " + Ts("2023-05-06 16:00:00") + "|1"], h.EndEpoch());
        var agg = (Runtime.Operators.HashAggregateOperator)h.Dataflow.Operators[1];
        Assert.Equal(0, agg.GroupCount);
    }

    [Fact]
    public void HopAssignsEachRowToSizeOverSlideWindows()
    {
        var hop = WindowAssignNode.Hop(new TableScanNode("t", Input), 0, Seconds(2), Seconds(6));
        var agg = new HashAggregateNode(hop, Arr(2, 3), [Count()],
            Schema(("window_start", DataType.Timestamp), ("window_end", DataType.Timestamp), ("n", DataType.Int64)));
        var h = new Harness(agg);
        long t0 = Ts("2024-01-01 00:00:00");
        long s = Interval.MicrosPerSecond;
        h.Send(Batch(Input, Row(t0 + 5 * s, 1), Row(t0 + 6 * s, 1)));
        Assert.Equal([
            $"+1 {t0}|{t0 + 6 * s}|1",
            $"+1 {t0 + 2 * s}|{t0 + 8 * s}|2",
            $"+1 {t0 + 4 * s}|{t0 + 10 * s}|2",
            $"+1 {t0 + 6 * s}|{t0 + 12 * s}|1",
        ], h.EndEpoch());
    }

    [Fact]
    public void HopWithManyWindowsPerRowAssignsABatchInParts()
    {
        // 400,000 windows a row: three rows are 1.2 million window rows, more than one output batch
        // holds (2^20): the first two rows go out together, the third alone.
        var hop = WindowAssignNode.Hop(new TableScanNode("t", Input), 0, Seconds(1), Seconds(400_000));
        var batches = new List<int>();
        var assign = new Runtime.Operators.WindowAssignOperator(hop, new Runtime.Operators.NullLateRowHandler(),
            new Runtime.Operators.CallbackOperator(b => batches.Add(b.RowCount)));
        long t0 = Ts("2024-01-01 00:00:00");
        assign.OnBatch(Batch(Input, Row(t0, 1), Row(t0 + 1, 2), Row(t0 + 2, 3)));
        Assert.Equal([800_000, 400_000], batches);
    }

    [Fact]
    public void ATimeWhoseWindowWouldPassTheEndOfTheRangeHasNoWindow()
    {
        // Beyond any valid timestamp, within a window of the 64-bit range's end: like a NULL time
        // (TUMBLE keeps the row with NULL bounds, HOP gives it no window), never a wrapped-around bound.
        long s = Interval.MicrosPerSecond;
        long t0 = Ts("2024-01-01 00:00:00");
        var tumble = new Harness(WindowAssignNode.Tumble(new TableScanNode("t", Input), 0, Seconds(10)));
        tumble.Send(Batch(Input, Row(long.MaxValue - 5 * s, 1), Row(long.MinValue + 5 * s, 2), Row(t0 + 3 * s, 3)));
        Assert.Equal([
            $"+1 {long.MinValue + 5 * s}|2|NULL|NULL",
            $"+1 {t0 + 3 * s}|3|{t0}|{t0 + 10 * s}",
            $"+1 {long.MaxValue - 5 * s}|1|NULL|NULL",
        ], tumble.EndEpoch());

        var hop = new Harness(WindowAssignNode.Hop(new TableScanNode("t", Input), 0, Seconds(2), Seconds(6)));
        hop.Send(Batch(Input, Row(long.MaxValue - s, 1), Row(t0 + s, 3)));
        Assert.Equal([
            $"+1 {t0 + s}|3|{t0 - 4 * s}|{t0 + 2 * s}",
            $"+1 {t0 + s}|3|{t0 - 2 * s}|{t0 + 4 * s}",
            $"+1 {t0 + s}|3|{t0}|{t0 + 6 * s}",
        ], hop.EndEpoch());
    }

    [Fact]
    public void WindowAssignTurnsTheTimeWatermarkIntoWindowColumnWatermarks()
    {
        var tumble = WindowAssignNode.Tumble(new TableScanNode("t", Input), 0, Minutes(5));
        var h = new Harness(tumble);
        h.Watermark(0, 0, Ts("2024-01-01 10:07:00"));
        h.EndEpoch();
        Assert.Equal([new(0, Ts("2024-01-01 10:07:00")), new(2, Ts("2024-01-01 10:05:00")), new(3, Ts("2024-01-01 10:10:00"))],
            h.Output.Watermarks);
    }

    [Fact]
    public void WatermarkFilterReleasesRowsOnceTheWatermarkPassesThem()
    {
        var h = new Harness(new WatermarkFilterNode(new TableScanNode("t", Input), 0));
        h.Send(Batch(Input, Row(Ts("2023-05-06 16:51:00"), 1), Row(Ts("2023-05-06 17:59:00"), 4), Row(Ts("2023-05-06 17:30:00"), 3)));
        h.Watermark(0, 0, Ts("2023-05-06 17:56:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 16:51:00") + "|1", "+1 " + Ts("2023-05-06 17:30:00") + "|3"], h.EndEpoch());
        h.Send(Batch(Input, Row(Ts("2023-05-06 17:00:00"), 9)));
        h.Watermark(0, 0, Ts("2023-05-06 18:05:00"));
        Assert.Equal(["+1 " + Ts("2023-05-06 17:59:00") + "|4"], h.EndEpoch());
        Assert.Equal(1, h.Late.Count);
    }

    [Fact]
    public void SessionWindowsMergeWhenAGapIsFilledAndCloseOnWatermark()
    {
        var input = Schema(("user", DataType.Text), ("ts", DataType.Timestamp));
        var node = new SessionWindowAggregateNode(new TableScanNode("t", input), Arr(0), 1, Minutes(10), [Count()],
            Schema(("user", DataType.Text), ("window_start", DataType.Timestamp), ("window_end", DataType.Timestamp), ("n", DataType.Int64)));
        var h = new Harness(node);
        long t0 = Ts("2024-01-01 10:00:00"), m = Interval.MicrosPerMinute;
        h.Send(Batch(input, Row("u", t0), Row("u", t0 + 15 * m)));
        Assert.Equal([$"+1 u|{t0}|{t0 + 10 * m}|1", $"+1 u|{t0 + 15 * m}|{t0 + 25 * m}|1"], h.EndEpoch());
        h.Send(Batch(input, Row("u", t0 + 8 * m)));
        Assert.Equal([$"+1 u|{t0}|{t0 + 25 * m}|3", $"-1 u|{t0}|{t0 + 10 * m}|1", $"-1 u|{t0 + 15 * m}|{t0 + 25 * m}|1"], h.EndEpoch());
        h.Watermark(0, 1, t0 + 30 * m);
        h.EndEpoch();
        h.Send(Batch(input, Row("u", t0 + 1 * m)));
        Assert.Empty(h.EndEpoch());
        Assert.Equal(1, h.Late.Count);
    }

    [Fact]
    public void MonthWindowsAreRejected()
    {
        var node = WindowAssignNode.Tumble(new TableScanNode("t", Input), 0, new Interval(1, 0, 0));
        var e = Assert.Throws<SqlStateException>(() => new Harness(node));
        Assert.Equal("0A000", e.SqlState);
    }
}
