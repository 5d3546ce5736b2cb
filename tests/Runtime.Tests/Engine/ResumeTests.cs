using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using StreamSql.Runtime.Tests.Support;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

/// <summary>
/// Subscriptions that resume after an epoch: a view keeps its changes from its first subscription
/// on, for the retention, and in checkpoints; <c>Subscribe(view, since)</c> gives the kept changes
/// after that epoch, then the new ones, without a gap or a repeat.
/// </summary>
public class ResumeTests
{
    private static readonly RowSchema Items = Schema(("id", DataType.Int32), ("v", DataType.Text));


    private static StreamingRuntime Create(ManualTime time)
    {
        var rt = new StreamingRuntime(new RuntimeOptions { ChangeRetention = TimeSpan.FromMinutes(1) }, time);
        rt.CreateTable(new TableDefinition("items", Items, PrimaryKey: [0]));
        rt.CreateMaterializedView("all_items", new TableScanNode("items", Items));
        return rt;
    }

    private static List<string> Read(ViewSubscription subscription)
    {
        var seen = new List<string>();
        while (subscription.Changes.TryRead(out var change))
            seen.Add($"{change.Epoch}: " + string.Join(" ", change.Rows.Select(r => $"{(r.Diff > 0 ? "+" : "-")}{Render(r.Values)}").Order(StringComparer.Ordinal)));
        return seen;
    }

    [Fact]
    public void AResumedSubscriptionGetsTheKeptChangesThenTheNewOnes()
    {
        var time = new ManualTime();
        var rt = Create(time);
        rt.Insert("items", [Row(1, "a")]);
        long beforeFirst = rt.RunEpoch();
        using var first = rt.Subscribe("all_items");
        rt.Insert("items", [Row(2, "b")]);
        long e2 = rt.RunEpoch();
        rt.Delete("items", [Row(1, "a")]);
        rt.Insert("items", [Row(3, "c")]);
        long e3 = rt.RunEpoch();
        Assert.Equal([$"{e2}: +2|b", $"{e3}: +3|c -1|a"], Read(first));

        using var resumed = rt.Subscribe("all_items", since: e2);
        Assert.Equal(e2, resumed.StartEpoch);
        rt.Insert("items", [Row(4, "d")]);
        long e4 = rt.RunEpoch();
        Assert.Equal([$"{e3}: +3|c -1|a", $"{e4}: +4|d"], Read(resumed));
        using var fromFirst = rt.Subscribe("all_items", since: beforeFirst);
        Assert.Equal([$"{e2}: +2|b", $"{e3}: +3|c -1|a", $"{e4}: +4|d"], Read(fromFirst));
        // Resuming at the last committed epoch needs nothing kept.
        using var atEnd = rt.Subscribe("all_items", since: e4);
        Assert.Empty(Read(atEnd));
    }

    [Fact]
    public void EpochsNotKeptOrNotYetCommittedAreRefused()
    {
        var time = new ManualTime();
        var rt = Create(time);
        rt.Insert("items", [Row(1, "a")]);
        long e1 = rt.RunEpoch();
        rt.Insert("items", [Row(2, "b")]);
        rt.RunEpoch();
        var never = Assert.Throws<SqlStateException>(() => rt.Subscribe("all_items", since: e1));
        Assert.Equal("55000", never.SqlState);
        Assert.Equal($"cannot resume after epoch {e1}: no changes of \"all_items\" are kept (a view keeps them from its first subscription on)", never.Message);
        var ahead = Assert.Throws<SqlStateException>(() => rt.Subscribe("all_items", since: 99));
        Assert.Equal("cannot resume after epoch 99: the last committed epoch is 2", ahead.Message);

        using var subscription = rt.Subscribe("all_items");
        rt.Insert("items", [Row(3, "c")]);
        long e3 = rt.RunEpoch();
        // Two minutes later (retention: one minute) the change of e3 is forgotten with the next epoch.
        time.Now += TimeSpan.FromMinutes(2);
        rt.Insert("items", [Row(4, "d")]);
        long e4 = rt.RunEpoch();
        var gone = Assert.Throws<SqlStateException>(() => rt.Subscribe("all_items", since: e3 - 1));
        Assert.Equal($"cannot resume after epoch {e3 - 1}: it is no longer retained (\"all_items\" can resume after epoch {e3} or later)", gone.Message);
        using var resumed = rt.Subscribe("all_items", since: e3);
        Assert.Equal([$"{e4}: +4|d"], Read(resumed));
    }

    [Fact]
    public void KeptChangesSurviveACheckpoint()
    {
        var time = new ManualTime();
        var rt = Create(time);
        using var subscription = rt.Subscribe("all_items");
        long start = rt.CurrentEpoch;
        rt.Insert("items", [Row(1, "a"), Row(2, "b")]);
        long e1 = rt.RunEpoch();
        rt.Delete("items", [Row(2, "b")]);
        long e2 = rt.RunEpoch();
        using var stream = new MemoryStream();
        rt.WriteCheckpoint(stream);

        var restored = Create(time);
        stream.Position = 0;
        restored.ReadCheckpoint(stream);
        using var resumed = restored.Subscribe("all_items", since: start);
        Assert.Equal([$"{e1}: +1|a +2|b", $"{e2}: -2|b"], Read(resumed));
        Assert.Throws<SqlStateException>(() => restored.Subscribe("all_items", since: start - 1));
    }

    [Fact]
    public void EpochDeltasHoldTheChangesKeptSinceTheCaptureBeforeThemAndWhatWasForgotten()
    {
        var time = new ManualTime();
        var rt = Create(time);
        using var subscription = rt.Subscribe("all_items");
        long start = rt.CurrentEpoch;
        rt.Insert("items", [Row(1, "a")]);
        long e1 = rt.RunEpoch();
        var chain = new List<MemoryStream> { new() };
        rt.WriteCheckpoint(chain[0]);
        // No delta builds on a capture that was not saved.
        Assert.False(rt.TryWriteEpochDelta(new MemoryStream()));
        rt.CheckpointCompleted(e1);

        rt.Insert("items", [Row(2, "b")]);
        long e2 = rt.RunEpoch();
        var first = new MemoryStream();
        Assert.True(rt.TryWriteEpochDelta(first));
        rt.CheckpointCompleted(e2);
        chain.Add(first);

        // Two minutes later (retention: one minute) the next epoch forgets e1 and e2.
        time.Now += TimeSpan.FromMinutes(2);
        rt.Insert("items", [Row(3, "c")]);
        long e3 = rt.RunEpoch();
        var second = new MemoryStream();
        Assert.True(rt.TryWriteEpochDelta(second));
        rt.CheckpointCompleted(e3);
        chain.Add(second);

        var restored = Create(time);
        foreach (var part in chain)
            part.Position = 0;
        restored.ReadCheckpoint(chain);
        Assert.Equal(e3, restored.CurrentEpoch);
        Assert.Equal(["1|a", "2|b", "3|c"], restored.ReadRelation("all_items").Rows.Select(Render).Order(StringComparer.Ordinal));
        var gone = Assert.Throws<SqlStateException>(() => restored.Subscribe("all_items", since: start));
        Assert.Equal($"cannot resume after epoch {start}: it is no longer retained (\"all_items\" can resume after epoch {e2} or later)", gone.Message);
        using var resumed = restored.Subscribe("all_items", since: e2);
        Assert.Equal([$"{e3}: +3|c"], Read(resumed));

        // Up to the first delta only: every change so far is there once.
        var shorter = Create(time);
        chain[0].Position = chain[1].Position = 0;
        shorter.ReadCheckpoint(chain[..2]);
        using var all = shorter.Subscribe("all_items", since: start);
        Assert.Equal([$"{e1}: +1|a", $"{e2}: +2|b"], Read(all));
    }

    [Fact]
    public void ASubscriptionThatAsksForALongerRetentionKeepsTheChangesThatLongAlsoAfterACheckpoint()
    {
        var time = new ManualTime();
        var rt = Create(time);
        // Retention one minute by default; this subscription asks for an hour, a later one for less.
        using var subscription = rt.Subscribe("all_items", retention: TimeSpan.FromHours(1));
        using var shorter = rt.Subscribe("all_items", retention: TimeSpan.FromSeconds(5));
        rt.Insert("items", [Row(1, "a")]);
        long e1 = rt.RunEpoch();
        time.Now += TimeSpan.FromMinutes(30);
        rt.Insert("items", [Row(2, "b")]);
        long e2 = rt.RunEpoch();
        using (var resumed = rt.Subscribe("all_items", since: e1 - 1))
            Assert.Equal([$"{e1}: +1|a", $"{e2}: +2|b"], Read(resumed));

        using var stream = new MemoryStream();
        rt.WriteCheckpoint(stream);
        var restored = Create(time);
        stream.Position = 0;
        restored.ReadCheckpoint(stream);
        // 45 minutes after e1: still kept after the restart (the default would have forgotten it).
        time.Now += TimeSpan.FromMinutes(15);
        restored.Insert("items", [Row(3, "c")]);
        long e3 = restored.RunEpoch();
        using (var resumed = restored.Subscribe("all_items", since: e1 - 1))
            Assert.Equal([$"{e1}: +1|a", $"{e2}: +2|b", $"{e3}: +3|c"], Read(resumed));

        // An hour and a quarter after e1, e1 is forgotten; e2 (45 minutes old) is not.
        time.Now += TimeSpan.FromMinutes(30);
        restored.Insert("items", [Row(4, "d")]);
        restored.RunEpoch();
        Assert.Throws<SqlStateException>(() => restored.Subscribe("all_items", since: e1 - 1));
        using var fromE1 = restored.Subscribe("all_items", since: e1);
        Assert.Equal($"{e2}: +2|b", Read(fromE1)[0]);
    }
}
