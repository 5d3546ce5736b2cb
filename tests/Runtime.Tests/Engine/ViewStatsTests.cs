using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

/// <summary>What <see cref="StreamingRuntime.GetViewStats"/> reports: rows, the cost of epochs per view, state bytes.</summary>
public class ViewStatsTests
{
    private static readonly Data.RowSchema T = Schema(("id", DataType.Int32), ("name", DataType.Text));

    [Fact]
    public void EpochsThatTouchAViewAreChargedToItAndStateIsMeasuredOnRequest()
    {
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("t", T));
        rt.CreateMaterializedView("v1", new TableScanNode("t", T));
        rt.CreateMaterializedView("v2", new ViewScanNode("v1", T));
        rt.CreateMaterializedView("idle", new TableScanNode("t", T));
        rt.DropMaterializedView("idle");

        var before = rt.GetViewStats(measureState: false).ToDictionary(v => v.Name);
        Assert.Equal(["v1", "v2"], before.Keys.Order());
        Assert.All(before.Values, v => Assert.Equal((0L, 0L, (long?)null), (v.Rows, v.Epochs, v.StateBytes)));

        rt.Insert("t", Enumerable.Range(0, 200).Select(i => Row(i, $"name {i}")));
        rt.RunEpoch();
        var busy = rt.GetViewStats(measureState: false).ToDictionary(v => v.Name);
        Assert.All(busy.Values, v => Assert.True(v.LastEpochMicros > 0, v.ToString()));
        rt.RunEpoch(); // nothing changes: the view costs (almost) nothing
        var after = rt.GetViewStats(measureState: true).ToDictionary(v => v.Name);
        foreach (var name in new[] { "v1", "v2" })
        {
            var v = after[name];
            Assert.Equal(200, v.Rows);
            Assert.Equal(2, v.Epochs);
            Assert.True(v.TotalMicros >= busy[name].LastEpochMicros && v.LastEpochMicros <= busy[name].LastEpochMicros, $"{name}: {v}");
            Assert.True(v.StateBytes > 200 * 4, $"{name}: {v}");
        }

        rt.Insert("t", Enumerable.Range(200, 800).Select(i => Row(i, $"name {i}")));
        rt.RunEpoch();
        var bigger = rt.GetViewStats(measureState: true).Single(v => v.Name == "v2");
        Assert.True(bigger.StateBytes > after["v2"].StateBytes * 3, $"{bigger} vs {after["v2"]}");
        Assert.True(bigger.TotalMicros >= after["v2"].TotalMicros);

        // Once a checkpoint is written, its size per view is reported (nothing is serialized again),
        // and it is the same number the measurement gives.
        using var checkpoint = new MemoryStream();
        rt.WriteCheckpoint(checkpoint);
        Assert.Equal(bigger.StateBytes, rt.GetViewStats(measureState: false).Single(v => v.Name == "v2").StateBytes);
        rt.Insert("t", Enumerable.Range(1000, 1000).Select(i => Row(i, $"name {i}")));
        rt.RunEpoch();
        Assert.Equal(bigger.StateBytes, rt.GetViewStats(measureState: true).Single(v => v.Name == "v2").StateBytes);

        // A delta leaves the size of the last full snapshot; sizes from a compaction's copy replace it.
        rt.CheckpointCompleted(rt.CurrentEpoch);
        using var delta = new MemoryStream();
        Assert.True(rt.WriteCheckpoint(delta, delta: true));
        Assert.Equal(bigger.StateBytes, rt.GetViewStats(measureState: false).Single(v => v.Name == "v2").StateBytes);
        Assert.Equal(bigger.StateBytes, rt.StateSizes()["v2"]);
        rt.NoteStateSizes(new Dictionary<string, long> { ["v2"] = 12345, ["gone"] = 1 });
        Assert.Equal(12345, rt.GetViewStats(measureState: false).Single(v => v.Name == "v2").StateBytes);
    }
}
