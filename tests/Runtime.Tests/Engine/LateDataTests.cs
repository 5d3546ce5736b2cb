using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

public class LateDataTests
{
    private static readonly Data.RowSchema Clicks = Schema(("user_id", DataType.Text), ("url", DataType.Text), ("ts", DataType.Timestamp));

    /// <summary>The late-data example: 5-minute windows, a 10-minute watermark, LATE DATA TO late_clicks.</summary>
    [Fact]
    public void LateRowsReachTheLateTableInTheEpochTheyArriveAndOnTimeRowsOfTheSameBatchCount()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(2, 10 * Interval.MicrosPerMinute)));
        rt.CreateTable(new TableDefinition("late_clicks", Clicks));
        var windowed = WindowAssignNode.Tumble(new SourceScanNode("clicks", Clicks), 2, Minutes(5));
        var agg = new HashAggregateNode(windowed, Arr(3, 4), [Count()],
            Schema(("window_start", DataType.Timestamp), ("window_end", DataType.Timestamp), ("clicks", DataType.Int64)), EmitMode.OnWindowClose, WindowKey: 0);
        rt.CreateMaterializedView("clicks_per_5min", agg, lateDataTable: "late_clicks");
        rt.Ingest("clicks", [Row("ann", "/a", Ts("2024-01-01 12:01:00")), Row("bob", "/b", Ts("2024-01-01 12:03:00")), Row("ann", "/c", Ts("2024-01-01 12:16:00"))]);
        Assert.Equal([$"{Ts("2024-01-01 12:00:00")}|{Ts("2024-01-01 12:05:00")}|2"], rt.ReadRelation("clicks_per_5min").Rows.Select(Render));
        rt.Ingest("clicks", [Row("cid", "/late", Ts("2024-01-01 12:04:00")), Row("cid", "/ok", Ts("2024-01-01 12:17:00"))]);
        Assert.Equal([$"cid|/late|{Ts("2024-01-01 12:04:00")}"], rt.ReadRelation("late_clicks").Rows.Select(Render));
        rt.AdvanceWatermark("clicks", Ts("2024-01-01 12:20:00"));
        Assert.Equal([$"{Ts("2024-01-01 12:00:00")}|{Ts("2024-01-01 12:05:00")}|2", $"{Ts("2024-01-01 12:15:00")}|{Ts("2024-01-01 12:20:00")}|2"],
            rt.ReadRelation("clicks_per_5min").Rows.Select(Render).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LateRowsAreKeptWholeWhenThePlanProjectsOnlyTheTimeColumn()
    {
        // As the planner prunes: Tumble over Project(ts) over the source scan.
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(2, 0)));
        rt.CreateTable(new TableDefinition("late_clicks", Clicks));
        var pruned = new ProjectNode(new SourceScanNode("clicks", Clicks), [Col(2, DataType.Timestamp)], Schema(("ts", DataType.Timestamp)));
        var windowed = WindowAssignNode.Tumble(pruned, 0, Minutes(5));
        var agg = new HashAggregateNode(windowed, Arr(1), [Count()], Schema(("window_start", DataType.Timestamp), ("n", DataType.Int64)),
            EmitMode.OnWindowClose, WindowKey: 0);
        rt.CreateMaterializedView("v", agg, lateDataTable: "late_clicks");
        rt.Ingest("clicks", [Row("a", "/x", Ts("2024-01-01 12:06:00"))]);
        rt.Ingest("clicks", [Row("b", "/late", Ts("2024-01-01 12:04:00")), Row("c", "/ok", Ts("2024-01-01 12:05:00"))]);
        Assert.Equal([$"b|/late|{Ts("2024-01-01 12:04:00")}"], rt.ReadRelation("late_clicks").Rows.Select(Render));
        Assert.Equal(1, rt.LateRows("v"));
        rt.AdvanceWatermark("clicks", Ts("2024-01-01 12:10:00"));
        Assert.Equal([$"{Ts("2024-01-01 12:05:00")}|2"], rt.ReadRelation("v").Rows.Select(Render));
    }
    [Fact]
    public void ALateDataTableWithOtherColumnsIsRefusedWhenTheViewIsCreated()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(2, 0)));
        rt.CreateTable(new TableDefinition("late_ints", Schema(("x", DataType.Int32))));
        var agg = new HashAggregateNode(WindowAssignNode.Tumble(new SourceScanNode("clicks", Clicks), 2, Minutes(5)), Arr(3), [Count()],
            Schema(("window_start", DataType.Timestamp), ("n", DataType.Int64)), EmitMode.OnWindowClose, WindowKey: 0);
        var error = Assert.Throws<SqlStateException>(() => rt.CreateMaterializedView("v", agg, lateDataTable: "late_ints"));
        Assert.Equal("42804", error.SqlState);
        Assert.Contains("user_id text, url text, ts timestamp without time zone", error.Message);
        Assert.Throws<SqlStateException>(() => rt.ReadRelation("v"));
        // A wider table takes the rows, its extra columns NULL.
        rt.CreateTable(new TableDefinition("late_wide", Clicks.Append(new Data.RowField("note", DataType.Text))));
        rt.CreateMaterializedView("v", agg, lateDataTable: "late_wide");
        rt.Ingest("clicks", [Row("a", "/x", Ts("2024-01-01 12:06:00"))]);
        rt.Ingest("clicks", [Row("b", "/late", Ts("2024-01-01 12:04:00"))]);
        Assert.Equal([$"b|/late|{Ts("2024-01-01 12:04:00")}|NULL"], rt.ReadRelation("late_wide").Rows.Select(Render));
    }

    [Fact]
    public void LateDataToAViewWithoutAWindowIsRefused()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(2, 0)));
        rt.CreateTable(new TableDefinition("late_clicks", Clicks));
        var error = Assert.Throws<SqlStateException>(() => rt.CreateMaterializedView("v", new SourceScanNode("clicks", Clicks), lateDataTable: "late_clicks"));
        Assert.Equal("42P17", error.SqlState);
    }
}
