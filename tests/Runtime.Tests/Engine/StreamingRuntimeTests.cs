using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Time;
using StreamSql.Runtime.Types;
using StreamSql.Runtime.Tests.Support;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Engine;

public class StreamingRuntimeTests
{
    private static readonly Data.RowSchema T = Schema(("tm", DataType.Timestamp), ("foo", DataType.Int32));
    private static readonly Data.RowSchema Users = Schema(("id", DataType.Int32), ("name", DataType.Text));

    private static List<string> Rows(QueryResult r) => [.. r.Rows.Select(Render).Order(StringComparer.Ordinal)];

    private static StreamingRuntime WithUsers()
    {
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("users", Users, PrimaryKey: [0]));
        return rt;
    }

    [Fact]
    public void EmitOnWindowCloseSelectMatchesTheConformanceCase()
    {
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("t", T, AppendOnly: true, Watermark: new WatermarkSpec(0, 5 * Interval.MicrosPerMinute)));
        rt.CreateMaterializedView("mv", new WatermarkFilterNode(new TableScanNode("t", T, AppendOnly: true), 0));
        rt.Insert("t", [Row(Ts("2023-05-06 16:51:00"), 1), Row(Ts("2023-05-06 16:56:00"), 8), Row(Ts("2023-05-06 17:30:00"), 3),
            Row(Ts("2023-05-06 17:59:00"), 4), Row(Ts("2023-05-06 18:01:00"), 6)]);
        rt.RunEpoch();
        Assert.Equal([$"{Ts("2023-05-06 16:51:00")}|1", $"{Ts("2023-05-06 16:56:00")}|8", $"{Ts("2023-05-06 17:30:00")}|3"], Rows(rt.ReadRelation("mv")));
        rt.Insert("t", [Row(Ts("2023-05-06 18:10:00"), 7)]);
        rt.RunEpoch();
        Assert.Equal(5, rt.ReadRelation("mv").Rows.Count);
        var wm = Assert.Single(rt.GetWatermarks());
        Assert.Equal(Ts("2023-05-06 18:05:00"), wm.WatermarkMicros);
        Assert.Equal(Ts("2023-05-06 18:10:00"), wm.MaxEventTimeMicros);
        Assert.Equal(6, wm.RecordsRead);
    }

    [Fact]
    public void EvaluateComputesExpressionsOverAWholeBatchInRowOrder()
    {
        var rt = new StreamingRuntime();
        using var input = Data.Batch.FromRows([DataType.Int32, DataType.Text], [Row(3, "c"), Row(1, null), Row(2, "b")]);
        using var output = rt.Evaluate([new ColumnExpression(1, DataType.Text), new LiteralExpression(null, DataType.Int64), new ColumnExpression(0, DataType.Int32)], input);
        Assert.Equal(["c||3", "||1", "b||2"], output.Rows().Select(r => string.Join("|", r.Row)));
        Assert.Equal([DataType.Text, DataType.Int64, DataType.Int32], output.Types.AsEnumerable());
    }

    [Fact]
    public void DuplicatePrimaryKeyIs23505AndNothingOfTheBatchApplies()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "a")]);
        var e = Assert.Throws<SqlStateException>(() => rt.Insert("users", [Row(2, "b"), Row(1, "c")]));
        Assert.Equal("23505", e.SqlState);
        Assert.Equal(1, e.Row);
        rt.RunEpoch();
        Assert.Equal(["1|a"], Rows(rt.ReadRelation("users")));
    }

    [Fact]
    public void UpdateRetractsTheOldRowAndInsertsTheNewOne()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "a")]);
        rt.RunEpoch();
        rt.Update("users", [(Row(1, "a"), Row(1, "b"))]);
        rt.RunEpoch();
        Assert.Equal(["1|b"], Rows(rt.ReadRelation("users")));
    }

    [Fact]
    public void NullPrimaryKeyIs23502()
    {
        var rt = WithUsers();
        Assert.Equal("23502", Assert.Throws<SqlStateException>(() => rt.Insert("users", [Row(null, "a")])).SqlState);
    }

    [Fact]
    public void AppendOnlyTablesRejectDeletes()
    {
        var rt = new StreamingRuntime();
        rt.CreateTable(new TableDefinition("t", T, AppendOnly: true));
        rt.Insert("t", [Row(1L, 1)]);
        Assert.Equal("42809", Assert.Throws<SqlStateException>(() => rt.Delete("t", [Row(1L, 1)])).SqlState);
    }

    [Fact]
    public void DeletingAMissingRowIs22000()
    {
        var rt = WithUsers();
        Assert.Equal("22000", Assert.Throws<SqlStateException>(() => rt.Delete("users", [Row(7, "x")])).SqlState);
    }

    [Fact]
    public void CreatingATakenNameIs42P07AndDroppingAMissingOneIs42P01()
    {
        var rt = WithUsers();
        Assert.Equal("42P07", Assert.Throws<SqlStateException>(() => rt.CreateTable(new TableDefinition("users", Users))).SqlState);
        Assert.Equal("42P01", Assert.Throws<SqlStateException>(() => rt.DropTable("nope")).SqlState);
        Assert.Equal("42P01", Assert.Throws<SqlStateException>(() => rt.DropMaterializedView("nope")).SqlState);
    }

    [Fact]
    public void DroppingARelationThatAViewReadsIs2BP01()
    {
        var rt = WithUsers();
        rt.CreateMaterializedView("v", new TableScanNode("users", Users));
        var e = Assert.Throws<SqlStateException>(() => rt.DropTable("users"));
        Assert.Equal("2BP01", e.SqlState);
        Assert.Equal(["v"], rt.Dependents("users"));
        rt.DropMaterializedView("v");
        rt.DropTable("users");
    }

    [Fact]
    public void ViewsOnViewsBackfillAndFollowChangesInTheSameEpoch()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "a"), Row(2, "b")]);
        rt.RunEpoch();
        var countSchema = Schema(("n", DataType.Int64));
        rt.CreateMaterializedView("filtered", new FilterNode(new TableScanNode("users", Users), Op(">", Col(0, DataType.Int32), Lit(1, DataType.Int32))));
        rt.CreateMaterializedView("counted", new HashAggregateNode(new ViewScanNode("filtered", Users), [], [Count()], countSchema));
        Assert.Equal(["1"], Rows(rt.ReadRelation("counted")));
        rt.Insert("users", [Row(3, "c")]);
        rt.RunEpoch();
        Assert.Equal(["2"], Rows(rt.ReadRelation("counted")));
        rt.Delete("users", [Row(2, "b"), Row(3, "c")]);
        rt.RunEpoch();
        Assert.Equal(["0"], Rows(rt.ReadRelation("counted")));
    }

    [Fact]
    public void OneShotQueriesSortLimitAndSeeOnlyCommittedRows()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "c"), Row(2, "a"), Row(3, "b")]);
        var plan = new LimitNode(new SortNode(new TableScanNode("users", Users), [SortKey.Asc(1)]), 2);
        Assert.Empty(rt.Query(plan).Rows);
        rt.RunEpoch();
        Assert.Equal(["2|a", "3|b"], rt.Query(plan).Rows.Select(Render));
    }

    [Fact]
    public void OneShotQueryOverASourceIsRejectedWithAHint()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("s", T));
        var e = Assert.Throws<SqlStateException>(() => rt.Query(new SourceScanNode("s", T)));
        Assert.Equal("0A000", e.SqlState);
        Assert.Contains("MATERIALIZED VIEW", e.Hint);
    }

    [Fact]
    public void ParametersAreBoundWhenTheQueryIsCompiled()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "a"), Row(2, "b")]);
        rt.RunEpoch();
        var plan = new FilterNode(new TableScanNode("users", Users), Op("=", Col(0, DataType.Int32), new ParameterExpression(1, DataType.Int32)));
        Assert.Equal(["2|b"], rt.Query(plan, [2]).Rows.Select(Render));
        Assert.Equal("08P01", Assert.Throws<SqlStateException>(() => rt.Query(plan)).SqlState);
    }

    [Fact]
    public async Task SubscribersReceiveEachCommittedEpochThatChangedTheView()
    {
        var rt = WithUsers();
        rt.CreateMaterializedView("v", new TableScanNode("users", Users));
        using var sub = rt.Subscribe("v");
        rt.Insert("users", [Row(1, "a")]);
        long e1 = rt.RunEpoch();
        rt.RunEpoch(); // no change: nothing delivered
        rt.Update("users", [(Row(1, "a"), Row(1, "b"))]);
        long e3 = rt.RunEpoch();
        var first = await sub.Changes.ReadAsync();
        Assert.Equal(e1, first.Epoch);
        Assert.Equal(["1|a +1"], first.Rows.Select(r => Render(r.Values) + " " + r.Diff.ToString("+0;-0")));
        var second = await sub.Changes.ReadAsync();
        Assert.Equal(e3, second.Epoch);
        Assert.Equal(["1|a -1", "1|b +1"], second.Rows.Select(r => Render(r.Values) + " " + r.Diff.ToString("+0;-0")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ASlowSubscriberIsCutOffWith53400WithoutAffectingOthers()
    {
        var rt = new StreamingRuntime(new RuntimeOptions { SubscriberBufferEpochs = 2 });
        rt.CreateTable(new TableDefinition("users", Users));
        rt.CreateMaterializedView("v", new TableScanNode("users", Users));
        using var slow = rt.Subscribe("v");
        using var fast = rt.Subscribe("v");
        for (int i = 0; i < 4; i++)
        {
            rt.Insert("users", [Row(i, "x")]);
            rt.RunEpoch();
            Assert.True(fast.Changes.TryRead(out _));
        }
        Assert.True(slow.Changes.TryRead(out _));
        Assert.True(slow.Changes.TryRead(out _));
        var closed = await Assert.ThrowsAsync<System.Threading.Channels.ChannelClosedException>(async () => await slow.Changes.ReadAsync());
        Assert.Equal("53400", Assert.IsType<SqlStateException>(closed.InnerException).SqlState);
        Assert.Equal("53400", (await Assert.ThrowsAsync<SqlStateException>(() => slow.Changes.Completion)).SqlState);
        rt.Insert("users", [Row(9, "x")]);
        rt.RunEpoch();
        Assert.True(fast.Changes.TryRead(out _));
    }

    [Fact]
    public void LateRowsAreCountedPerViewAndSourceOrKeptInALateDataTable()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", T, new WatermarkSpec(0, 0)));
        rt.CreateTable(new TableDefinition("late_clicks", T));
        var windowed = WindowAssignNode.Tumble(new SourceScanNode("clicks", T), 0, Minutes(1));
        var agg = new HashAggregateNode(windowed, Arr(2), [Count()], Schema(("window_start", DataType.Timestamp), ("n", DataType.Int64)),
            EmitMode.OnWindowClose, WindowKey: 0);
        rt.CreateMaterializedView("per_minute", agg, lateDataTable: "late_clicks");
        rt.Ingest("clicks", [Row(Ts("2024-01-01 10:00:10"), 1), Row(Ts("2024-01-01 10:01:30"), 2)]);
        Assert.Equal([$"{Ts("2024-01-01 10:00:00")}|1"], Rows(rt.ReadRelation("per_minute")));
        rt.Ingest("clicks", [Row(Ts("2024-01-01 10:00:50"), 3)]);
        Assert.Equal(1, rt.LateRows("per_minute"));
        Assert.Equal(1, rt.GetWatermarks().Single().LateRows);
        rt.RunEpoch();
        Assert.Equal([$"{Ts("2024-01-01 10:00:50")}|3"], Rows(rt.ReadRelation("late_clicks")));
    }

    [Fact]
    public void AdvanceWatermarkClosesWindowsWithoutData()
    {
        var rt = new StreamingRuntime();
        rt.CreateSource(new SourceDefinition("clicks", T, new WatermarkSpec(0, 10 * Interval.MicrosPerMinute)));
        var windowed = WindowAssignNode.Tumble(new SourceScanNode("clicks", T), 0, Minutes(1));
        var agg = new HashAggregateNode(windowed, Arr(2), [Count()], Schema(("window_start", DataType.Timestamp), ("n", DataType.Int64)),
            EmitMode.OnWindowClose, WindowKey: 0);
        rt.CreateMaterializedView("per_minute", agg);
        rt.Ingest("clicks", [Row(Ts("2024-01-01 10:00:10"), 1)]);
        Assert.Empty(rt.ReadRelation("per_minute").Rows);
        rt.AdvanceWatermark("clicks", Ts("2024-01-01 10:01:00"));
        Assert.Single(rt.ReadRelation("per_minute").Rows);
        Assert.Equal("55000", Assert.Throws<SqlStateException>(() =>
        {
            rt.CreateSource(new SourceDefinition("plain", T));
            rt.AdvanceWatermark("plain", 0);
        }).SqlState);
    }

    [Fact]
    public void AdvanceTimeMovesProcessingTime()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2024-01-01T00:00:00Z"));
        var rt = new StreamingRuntime(time: time);
        rt.AdvanceTime(TimeSpan.FromSeconds(90));
        Assert.Equal(Ts("2024-01-01 00:01:30"), rt.EpochProcessingTime);
    }

    [Fact]
    public async Task BackgroundLoopRunsEpochsForQueuedInput()
    {
        var rt = WithUsers();
        rt.CreateMaterializedView("v", new TableScanNode("users", Users));
        rt.Start();
        rt.Insert("users", [Row(1, "a")]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (rt.ReadRelation("v").Rows.Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        await rt.StopAsync();
        Assert.Equal(["1|a"], Rows(rt.ReadRelation("v")));
    }

    [Fact]
    public void SinksReceiveEachEpochsChangesThenACommit()
    {
        var rt = WithUsers();
        var sink = new RecordingSink();
        rt.CreateSink("out", new TableScanNode("users", Users), sink);
        rt.Insert("users", [Row(1, "a")]);
        long epoch = rt.RunEpoch();
        Assert.Equal(["open out", $"commit {epoch - 1}", $"write {epoch} 1|a +1", $"commit {epoch}"], sink.Log);
    }

    [Fact]
    public void ADeltaDisposedBeforeItsEpochRunsIsStillApplied()
    {
        var rt = WithUsers();
        using (var delta = Batch(Users, Row(1, "a"), Row(2, "b")))
            rt.ApplyDelta("users", delta);
        rt.RunEpoch();
        Assert.Equal(["1|a", "2|b"], Rows(rt.ReadRelation("users")));
    }

    [Fact]
    public void QueriesForDmlSeeChangesQueuedInTheSameEpoch()
    {
        var rt = WithUsers();
        rt.Insert("users", [Row(1, "a")]);
        var scan = new TableScanNode("users", Users);
        Assert.Empty(rt.Query(scan).Rows);
        Assert.Equal(["1|a"], rt.Query(scan, includeQueuedChanges: true).Rows.Select(Render));
        rt.Delete("users", rt.Query(scan, includeQueuedChanges: true).Rows);
        rt.RunEpoch();
        Assert.Empty(rt.ReadRelation("users").Rows);
    }


    private sealed class RecordingSink : Runtime.Connectors.ISink
    {
        public List<string> Log { get; } = [];

        public void Open(string name, Data.RowSchema schema) => Log.Add("open " + name);

        public void Write(long epoch, Data.Batch changes) =>
            Log.AddRange(changes.Rows().Select(r => $"write {epoch} {Render(r.Row)} {r.Weight:+0;-0}"));

        public void Commit(long epoch) => Log.Add("commit " + epoch);

        public void Dispose() => Log.Add("dispose");
    }
    private sealed class RefusingSource : Runtime.Connectors.ISource
    {
        public bool Disposed { get; private set; }

        public void Start(Runtime.Connectors.SourceContext context) =>
            throw new SqlStateException(SqlStateException.InvalidParameterValue, "refused at start");

        public bool HasPending => false;

        public bool IsExhausted => false;

        public Runtime.Connectors.SourcePosition Poll(Data.BatchBuilder builder, int maxRows) => throw new InvalidOperationException("never started");

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public void ASourceWhoseConnectorRefusesToStartLeavesNothingBehind()
    {
        var rt = new StreamingRuntime();
        var refusing = new RefusingSource();
        var error = Assert.Throws<SqlStateException>(() => rt.CreateSource(new SourceDefinition("s", Users), refusing));
        Assert.Equal("refused at start", error.Message);
        Assert.True(refusing.Disposed);
        // The name is free again, for a source or a table.
        rt.CreateTable(new TableDefinition("s", Users));
        rt.DropTable("s");
        rt.CreateSource(new SourceDefinition("s", Users));
    }
}
