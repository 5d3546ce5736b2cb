using System.Globalization;
using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Generator;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;
using StreamSql.Runtime.Tests.Support;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

/// <summary>
/// The epoch log: every epoch is described (number, log position, processing time, rows per source)
/// before it runs, and <see cref="StreamingRuntime.ReplayEpoch"/> runs it again the same way.
/// </summary>
public class EpochLogTests
{
    private static readonly RowSchema Events = Schema(("id", DataType.Int32), ("name", DataType.Text));
    private static readonly RowSchema Notes = Schema(("id", DataType.Int32));

    /// <summary>A source whose records the test hands over; its position is the number of records taken.</summary>
    private sealed class ScriptedSource : ISource
    {
        private readonly List<object?[]> records = [];
        private int next;

        public bool Ended { get; set; }

        public void Feed(params object?[][] rows)
        {
            lock (records)
                records.AddRange(rows);
        }

        public void Start(SourceContext context) =>
            next = context.StartPosition is { Value.Length: > 0 } p ? int.Parse(p.Value, CultureInfo.InvariantCulture) : 0;

        public bool HasPending
        {
            get
            {
                lock (records)
                    return next < records.Count;
            }
        }

        public bool IsExhausted => Ended && !HasPending;

        public SourcePosition Poll(BatchBuilder builder, int maxRows)
        {
            lock (records)
            {
                for (; maxRows > 0 && next < records.Count; maxRows--, next++)
                {
                    int row = builder.BeginRow(1);
                    for (int c = 0; c < records[next].Length; c++)
                        builder[c].SetValue(row, records[next][c]);
                }
            }
            return new SourcePosition(next.ToString(CultureInfo.InvariantCulture));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static (StreamingRuntime Runtime, ScriptedSource Source, ViewSubscription Events, ViewSubscription Notes) Create()
    {
        var source = new ScriptedSource();
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("notes", Notes));
        rt.CreateSource(new SourceDefinition("events", Events), source);
        rt.CreateMaterializedView("all_events", new SourceScanNode("events", Events));
        rt.CreateMaterializedView("all_notes", new TableScanNode("notes", Notes));
        return (rt, source, rt.Subscribe("all_events"), rt.Subscribe("all_notes"));
    }

    private static List<string> Changes(ViewSubscription subscription)
    {
        var seen = new List<string>();
        while (subscription.Changes.TryRead(out var change))
            seen.Add($"{change.Epoch}: " + string.Join(" ", change.Rows.Select(r => $"{(r.Diff > 0 ? "+" : "-")}{Render(r.Values)}").Order(StringComparer.Ordinal)));
        return seen;
    }

    private static object?[][] Rows(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => Row(i, $"e{i}"))];

    [Fact]
    public void ReplayedEpochsKeepTheirNumbersBoundariesAndProcessingTimes()
    {
        var (first, source, events, notes) = Create();
        var log = new List<EpochRecord>();
        first.EpochLog = log.Add;
        long position = 0;
        void Note(int id)
        {
            using (first.HoldEpochs())
            {
                first.Insert("notes", [Row(id)]);
                first.MarkLogPosition(++position);
            }
        }

        source.Feed(Rows(1, 3));
        first.RunEpoch();
        Note(100);
        source.Feed(Rows(4, 5));
        first.RunEpoch();
        first.RunEpoch(); // no input and no watermark to move: changes nothing, not logged
        Note(101);
        Note(102);
        source.Feed(Rows(9, 2));
        first.RunEpoch();
        var expectedEvents = Changes(events);
        var expectedNotes = Changes(notes);
        Assert.Equal(["1: +1|e1 +2|e2 +3|e3", "2: +4|e4 +5|e5 +6|e6 +7|e7 +8|e8", "4: +10|e10 +9|e9"], expectedEvents);
        Assert.Equal(["2: +100", "4: +101 +102"], expectedNotes);
        Assert.Equal([1L, 2, 4], log.Select(r => r.Epoch));
        Assert.Equal([0L, 1, 3], log.Select(r => r.LogPosition));
        Assert.Equal([3, 5, 2], log.Select(r => r.Sources.Sum(s => s.Rows)));
        Assert.Equal("10", log[^1].Sources.Single().Position.Value);

        // A restarted runtime: the same definitions, every record already available at once; the
        // table changes are applied up to each record's log position, then the epoch runs again.
        var (second, again, replayedEvents, replayedNotes) = Create();
        again.Feed(Rows(1, 11));
        second.Replaying = true;
        var changes = new Queue<(long Position, int Id)>([(1, 100), (2, 101), (3, 102)]);
        foreach (var record in log)
        {
            while (changes.TryPeek(out var change) && change.Position <= record.LogPosition)
            {
                second.Insert("notes", [Row(changes.Dequeue().Id)]);
                // Any other request for an epoch leaves the input for the replayed one.
                Assert.Equal(second.CurrentEpoch, second.RunEpoch());
            }

            var replay = second.ReplayEpoch(record, TimeSpan.FromSeconds(1));
            Assert.Equal(record.Epoch, replay.Epoch);
            Assert.Empty(replay.Differences);
            Assert.Equal(record.NowMicros, second.EpochProcessingTime);
        }

        Assert.Equal(expectedEvents, Changes(replayedEvents));
        Assert.Equal(expectedNotes, Changes(replayedNotes));
        // The eleventh record is left for the first epoch after the replay.
        Assert.True(second.HasPendingInput);
    }

    [Fact]
    public void AnEpochWhoseRecordCannotBeWrittenDoesNotRunAndLosesNothing()
    {
        var (rt, source, events, notes) = Create();
        var log = new List<EpochRecord>();
        bool full = true;
        rt.EpochLog = record =>
        {
            if (full)
                throw new SqlStateException("53100", "no space left on device");
            log.Add(record);
        };
        rt.Insert("notes", [Row(1)]);
        source.Feed(Rows(1, 2));
        Assert.Equal("53100", Assert.Throws<SqlStateException>(() => rt.RunEpoch()).SqlState);
        Assert.Equal(0, rt.CurrentEpoch);
        Assert.Empty(rt.ReadRelation("all_events").Rows);
        Assert.True(rt.HasPendingInput);

        full = false;
        source.Feed(Rows(3, 1));
        Assert.Equal(1, rt.RunEpoch());
        // The rows polled for the failed epoch come first, counted in the record with the new ones.
        Assert.Equal(["1: +1|e1 +2|e2 +3|e3"], Changes(events));
        Assert.Equal(["1: +1"], Changes(notes));
        Assert.Equal(new SourceRead("events", 3, new SourcePosition("3")), log.Single().Sources.Single());
    }

    /// <summary>A scripted source in parts: it says how far its input has come, as Kafka does with idle partitions left out.</summary>
    private sealed class PartedSource : ISource, IWatermarkSource
    {
        private readonly ScriptedSource rows = new();

        public long? Reached { get; set; }

        public int Asked { get; private set; }

        public void Feed(params object?[][] r) => rows.Feed(r);

        public long? Watermark()
        {
            Asked++;
            return Reached;
        }

        public void Start(SourceContext context) => rows.Start(context);

        public bool HasPending => rows.HasPending;

        public bool IsExhausted => rows.IsExhausted;

        public SourcePosition Poll(BatchBuilder builder, int maxRows) => rows.Poll(builder, maxRows);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static readonly RowSchema Clicks = Schema(("ts", DataType.Timestamp));

    private static (StreamingRuntime Runtime, PartedSource Source) CreateParted()
    {
        var source = new PartedSource();
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", Clicks, new WatermarkSpec(0, 0)), source);
        rt.CreateMaterializedView("all_clicks", new SourceScanNode("clicks", Clicks));
        return (rt, source);
    }

    private static long? WatermarkOf(StreamingRuntime rt) => rt.GetWatermarks().Single(w => w.Name == "clicks").WatermarkMicros;

    [Fact]
    public void AReplayedEpochMovesTheWatermarkAsLoggedWhateverTheSourceSaysNow()
    {
        var (rt, source) = CreateParted();
        var log = new List<EpochRecord>();
        rt.EpochLog = log.Add;
        source.Feed(new object?[] { 10_000_000L });
        source.Reached = 10_000_000;
        rt.RunEpoch();
        Assert.Equal(10_000_000, WatermarkOf(rt));
        // No rows, but a quiet part stopped holding the source back (by the wall clock): the epoch is
        // logged because the watermark moves, with the event time it moved to.
        source.Reached = 50_000_000;
        rt.RunEpoch();
        Assert.Equal(50_000_000, WatermarkOf(rt));
        Assert.Equal(2, log.Count);
        Assert.Equal(new SourceEventTime("clicks", 10_000_000), Assert.Single(log[0].EventTimes));
        Assert.Equal(new SourceEventTime("clicks", 50_000_000), Assert.Single(log[1].EventTimes));
        // Asked once per epoch, not again when the watermark is taken.
        Assert.Equal(2, source.Asked);

        // On replay the parts are in another state (the quiet one not yet idle, the other one behind):
        // the watermark still moves as it did, epoch by epoch.
        var (again, replayed) = CreateParted();
        replayed.Feed(new object?[] { 10_000_000L });
        replayed.Reached = 1_000_000;
        Assert.Empty(again.ReplayEpoch(log[0], TimeSpan.FromSeconds(5)).Differences);
        Assert.Equal(10_000_000, WatermarkOf(again));
        Assert.Empty(again.ReplayEpoch(log[1], TimeSpan.FromSeconds(5)).Differences);
        Assert.Equal(50_000_000, WatermarkOf(again));
        Assert.Equal(0, replayed.Asked);

        // A record logged before event times were: the source is asked, as then.
        var (old, asked) = CreateParted();
        asked.Feed(new object?[] { 10_000_000L });
        asked.Reached = 7_000_000;
        old.ReplayEpoch(log[0] with { EventTimes = [] }, TimeSpan.FromSeconds(5));
        Assert.Equal(7_000_000, WatermarkOf(old));
        Assert.True(asked.Asked > 0);
    }

    [Fact]
    public void ASourceWithoutAWatermarkOrWithoutPartsLogsNoEventTime()
    {
        var (rt, source, _, _) = Create();
        var log = new List<EpochRecord>();
        rt.EpochLog = log.Add;
        source.Feed(Rows(1, 1));
        rt.RunEpoch();
        Assert.Empty(log.Single().EventTimes);
    }

    [Fact]
    public void ASourceThatCannotDeliverALoggedEpochIsReported()
    {
        var (rt, source, events, _) = Create();
        source.Feed(Rows(1, 2));
        source.Ended = true;
        var record = new EpochRecord(7, 0, 1_000_000, [new SourceRead("events", 5, new SourcePosition("5")), new SourceRead("gone", 1, new SourcePosition("1"))]);
        var replay = rt.ReplayEpoch(record, TimeSpan.FromMilliseconds(50));
        Assert.Equal(7, replay.Epoch);
        Assert.Equal(["source \"events\" delivered 2 of the 5 row(s) epoch 7 took", "source \"gone\" is not there to read 1 row(s) from"], replay.Differences);
        Assert.Equal(["7: +1|e1 +2|e2"], Changes(events));

        // A source that fell short is not waited for again (a file gone for good would otherwise
        // cost the whole wait in every epoch that read from it), even while it has not ended.
        source.Ended = false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var again = rt.ReplayEpoch(record with { Epoch = 8, Sources = [new SourceRead("events", 1, new SourcePosition("3"))] }, TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"waited {clock.Elapsed}");
        Assert.Equal(["source \"events\" delivered 0 of the 1 row(s) epoch 8 took"], again.Differences);

        // A number already taken is not reused: the epoch runs as the next one, and says so.
        var late = rt.ReplayEpoch(record with { Epoch = 3, Sources = [] }, TimeSpan.Zero);
        Assert.Equal(9, late.Epoch);
        Assert.Equal(["epoch 3 runs again as epoch 9 (its number was taken)"], late.Differences);
    }


    [Fact]
    public void APacedGeneratorDeliversALoggedEpochAtOnceAndPacesOnFromThere()
    {
        var schema = Schema(("id", DataType.Int64));
        var options = GeneratorSourceOptions.Parse(new Dictionary<string, string>
        {
            ["rows_per_second"] = "2", ["fields.id.kind"] = "sequence", ["fields.id.start"] = "1",
        }, schema);
        var time = new ManualTime();
        var rt = new StreamingRuntime(time: time);
        rt.CreateSource(new SourceDefinition("g", schema), new GeneratorSource(options));
        rt.CreateMaterializedView("v", new SourceScanNode("g", schema));
        // Ten rows were taken before the restart; at two rows a second they would be due only after five seconds.
        var replay = rt.ReplayEpoch(new EpochRecord(1, 0, 0, [new SourceRead("g", 10, new SourcePosition("10"))]), TimeSpan.FromMilliseconds(50));
        Assert.Empty(replay.Differences);
        Assert.Equal(10, rt.ReadRelation("v").Rows.Count);
        Assert.False(rt.HasPendingInput);
        time.Now += TimeSpan.FromSeconds(1);
        rt.RunEpoch();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), rt.ReadRelation("v").Rows.Select(r => (long)r[0]!).Order());
    }

    [Fact]
    public void AGeneratorResumedFromAPositionPacesFromThere()
    {
        // Resumed at row 100 (a checkpoint's position), the generator's next rows are due at its rate
        // from the restart, not once the clock would have produced 100 rows from zero.
        var schema = Schema(("id", DataType.Int64));
        var options = GeneratorSourceOptions.Parse(new Dictionary<string, string>
        {
            ["rows_per_second"] = "2", ["fields.id.kind"] = "sequence", ["fields.id.start"] = "1",
        }, schema);
        var time = new ManualTime();
        var generator = new GeneratorSource(options);
        generator.Start(new SourceContext("g", schema, new SourcePosition("100"), new Connectors.ErrorCollector(), time, CancellationToken.None));
        Assert.False(generator.HasPending);
        time.Now += TimeSpan.FromSeconds(2);
        var builder = new BatchBuilder(schema.Types, 16);
        Assert.Equal("104", generator.Poll(builder, 100).Value);
        using var batch = builder.Build();
        Assert.Equal([101L, 102, 103, 104], batch.Rows().Select(r => (long)r.Row[0]!));
    }
}
