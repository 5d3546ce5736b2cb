using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

public class CheckpointTests
{
    private static readonly Data.RowSchema Users = Schema(("id", DataType.Int32), ("city", DataType.Text));
    private static readonly Data.RowSchema Clicks = Schema(("ts", DataType.Timestamp), ("n", DataType.Int32));

    /// <summary>The same DDL, as a restarted server replays it from its catalog log.</summary>
    private static StreamingRuntime Create()
    {
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("users", Users, PrimaryKey: [0]));
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(0, 0)));
        rt.CreateMaterializedView("per_city", new HashAggregateNode(new TableScanNode("users", Users), Arr(1), [Count()],
            Schema(("city", DataType.Text), ("n", DataType.Int64))));
        var windowed = WindowAssignNode.Tumble(new SourceScanNode("clicks", Clicks), 0, Minutes(1));
        rt.CreateMaterializedView("per_minute", new HashAggregateNode(windowed, Arr(2), [Agg("sum", Col(1, DataType.Int32), DataType.Int64)],
            Schema(("window_start", DataType.Timestamp), ("s", DataType.Int64)), EmitMode.OnWindowClose, WindowKey: 0));
        return rt;
    }

    [Fact]
    public void ARestoredRuntimeContinuesExactlyWhereTheFirstStopped()
    {
        var first = Create();
        first.Insert("users", [Row(1, "a"), Row(2, "a"), Row(3, "b")]);
        first.RunEpoch();
        first.Ingest("clicks", [Row(Ts("2024-01-01 10:00:10"), 5), Row(Ts("2024-01-01 10:00:20"), 6)]);
        using var stream = new MemoryStream();
        first.WriteCheckpoint(stream);

        var second = Create();
        stream.Position = 0;
        second.ReadCheckpoint(stream);
        Assert.Equal(first.CurrentEpoch, second.CurrentEpoch);
        Assert.Equal(["a|2", "b|1"], second.ReadRelation("per_city").Rows.Select(Render).Order(StringComparer.Ordinal));
        // Keys survive: a duplicate is still refused, and deletes see the restored rows.
        Assert.Equal("23505", Assert.Throws<SqlStateException>(() => second.Insert("users", [Row(1, "z")])).SqlState);
        second.Delete("users", [Row(1, "a")]);
        second.Ingest("clicks", [Row(Ts("2024-01-01 10:01:05"), 1)]);
        Assert.Equal(["a|1", "b|1"], second.ReadRelation("per_city").Rows.Select(Render).Order(StringComparer.Ordinal));
        Assert.Equal([$"{Ts("2024-01-01 10:00:00")}|11"], second.ReadRelation("per_minute").Rows.Select(Render));
        Assert.Equal(Ts("2024-01-01 10:01:05"), second.GetWatermarks().Single(w => w.Name == "clicks").WatermarkMicros);
    }

    [Fact]
    public void ACheckpointNamingAnUnknownRelationIsRefused()
    {
        var first = Create();
        using var stream = new MemoryStream();
        first.WriteCheckpoint(stream);
        var other = new StreamingRuntime();
        stream.Position = 0;
        Assert.Equal("XX001", Assert.Throws<SqlStateException>(() => other.ReadCheckpoint(stream)).SqlState);
    }
}
