using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class HashAggregateTests
{
    private static readonly Data.RowSchema Input = Schema(("k", DataType.Text), ("v", DataType.Int32));

    private static Harness CountSum(params AggregateCall[] extra)
    {
        var aggs = new[] { Count(), Agg("sum", Col(1, DataType.Int32), DataType.Int64) }.Concat(extra).ToArray();
        var schema = Schema([("k", DataType.Text), .. aggs.Select((a, i) => ("a" + i, a.ResultType))]);
        return new Harness(new HashAggregateNode(new TableScanNode("t", Input), Arr(0), [.. aggs], schema));
    }

    /// <summary>
    /// A delta over a snapshot rebuilds the state, whether few groups changed (each visited from the
    /// list of changed groups) or most of them (visited in one pass over all groups), with groups
    /// freed and added since the snapshot: the restored aggregate then retracts exactly what the
    /// original retracts.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(90)]
    public void ADeltaOverASnapshotRebuildsTheGroups(int changed)
    {
        var keys = Enumerable.Range(0, 100).Select(i => "k" + i).ToList();
        var original = CountSum();
        original.Send(Batch(Input, [.. keys.Select((k, i) => Row(k, i))]));
        original.EndEpoch();
        var snapshot = new MemoryStream();
        original.Dataflow.Snapshot(snapshot);
        original.Dataflow.BeginDelta();

        // Change some groups, free one that was in the snapshot, add one that was not.
        original.Send(Batch(Input, [.. keys.Take(changed).Select(k => Row(k, 1000))]));
        original.Send(Batch(Input, -1, Row("k99", 99)));
        original.Send(Batch(Input, Row("new", 5)));
        original.EndEpoch();
        var delta = new MemoryStream();
        original.Dataflow.SnapshotDelta(delta);

        var restored = CountSum();
        snapshot.Position = 0;
        restored.Dataflow.Restore(snapshot);
        delta.Position = 0;
        restored.Dataflow.ApplyDelta(delta);
        Assert.Equal(100, ((Runtime.Operators.HashAggregateOperator)restored.Dataflow.Operators[0]).GroupCount);

        // One more row for every key shows each group's state in its retraction.
        var probe = Batch(Input, [.. keys.Append("new").Select(k => Row(k, 1))]);
        var expected = original.Send(probe).EndEpoch();
        var again = restored.Send(Batch(Input, [.. keys.Append("new").Select(k => Row(k, 1))])).EndEpoch();
        Assert.Equal(expected.Order(), again.Order());
        Assert.Contains("-1 k0|2|1000", expected);
        Assert.Contains("-1 new|1|5", expected);
        Assert.Contains("+1 k99|1|1", expected);
    }

    [Fact]
    public void RunningGroupsEmitRetractAndInsertPairsPerEpoch()
    {
        var h = CountSum();
        h.Send(Batch(Input, Row("a", 1), Row("a", 2), Row("b", 5)));
        Assert.Equal(["+1 a|2|3", "+1 b|1|5"], h.EndEpoch());
        h.Send(Batch(Input, Row("a", 10)));
        Assert.Equal(["+1 a|3|13", "-1 a|2|3"], h.EndEpoch());
    }

    [Fact]
    public void UnchangedGroupEmitsNothing()
    {
        var h = CountSum();
        h.Send(Batch(Input, Row("a", 1)));
        h.EndEpoch();
        h.Send(Batch(Input, Row("a", 7))).Send(Batch(Input, -1, Row("a", 7)));
        Assert.Empty(h.EndEpoch());
    }

    [Fact]
    public void EmptiedGroupIsRetractedAndFreed()
    {
        var h = CountSum();
        h.Send(Batch(Input, Row("a", 1), Row("b", 2)));
        h.EndEpoch();
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Equal(["-1 a|1|1"], h.EndEpoch());
        var agg = (Runtime.Operators.HashAggregateOperator)h.Dataflow.Operators[0];
        Assert.Equal(1, agg.GroupCount);
    }

    [Fact]
    public void GlobalAggregateReportsZeroOnEmptyInputAndFollowsDeletes()
    {
        var schema = Schema(("n", DataType.Int64), ("s", DataType.Int64));
        var h = new Harness(new HashAggregateNode(new TableScanNode("t", Input), [], [Count(), Agg("sum", Col(1, DataType.Int32), DataType.Int64)], schema));
        Assert.Equal(["+1 0|NULL"], h.EndEpoch());
        h.Send(Batch(Input, Row("a", 4)));
        Assert.Equal(["+1 1|4", "-1 0|NULL"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 4)));
        Assert.Equal(["+1 0|NULL", "-1 1|4"], h.EndEpoch());
    }

    [Fact]
    public void MinAndMaxSurviveRetractionOfTheExtreme()
    {
        var h = CountSum(Agg("min", Col(1, DataType.Int32), DataType.Int32), Agg("max", Col(1, DataType.Int32), DataType.Int32));
        h.Send(Batch(Input, Row("a", 1), Row("a", 5), Row("a", 9)));
        Assert.Equal(["+1 a|3|15|1|9"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 9), Row("a", 1)));
        Assert.Equal(["+1 a|1|5|5|5", "-1 a|3|15|1|9"], h.EndEpoch());
    }

    [Fact]
    public void CountDistinctCountsValuesNotRows()
    {
        var h = CountSum(Agg("count", Col(1, DataType.Int32), DataType.Int64, distinct: true));
        h.Send(Batch(Input, Row("a", 1), Row("a", 1), Row("a", 2), Row("a", null)));
        Assert.Equal(["+1 a|4|4|2"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Equal(["+1 a|3|3|2", "-1 a|4|4|2"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Equal(["+1 a|2|2|1", "-1 a|3|3|2"], h.EndEpoch());
    }

    [Fact]
    public void AvgOfIntegersIsNumericAndStringAggFollowsOrderBy()
    {
        var stringAgg = new AggregateCall("string_agg", [Col(0, DataType.Text), Lit(",", DataType.Text)], DataType.Text, OrderBy: [SortKey.Desc(1)]);
        var schema = Schema(("avg", DataType.Numeric), ("s", DataType.Text), ("b", DataType.Boolean));
        var boolAnd = new AggregateCall("bool_and", [Op(">", Col(1, DataType.Int32), Lit(1, DataType.Int32))], DataType.Boolean);
        var h = new Harness(new HashAggregateNode(new TableScanNode("t", Input), [],
            [Agg("avg", Col(1, DataType.Int32), DataType.Numeric), stringAgg, boolAnd], schema));
        h.Send(Batch(Input, Row("x", 1), Row("y", 2), Row("z", 4)));
        Assert.Equal(["+1 2.3333333333333333|z,y,x|False"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("x", 1)));
        Assert.Equal(["+1 3.0000000000000000|z,y|True", "-1 2.3333333333333333|z,y,x|False"], h.EndEpoch());
    }

    [Fact]
    public void FilterClauseLimitsRowsOfOneAggregate()
    {
        var filtered = new AggregateCall("count", [], DataType.Int64, Filter: Op(">", Col(1, DataType.Int32), Lit(2, DataType.Int32)));
        var h = CountSum(filtered);
        h.Send(Batch(Input, Row("a", 1), Row("a", 3), Row("a", 5)));
        Assert.Equal(["+1 a|3|9|2"], h.EndEpoch());
    }

    [Fact]
    public void StddevAndVarianceMatchPostgres()
    {
        var schema = Schema(("sd", DataType.Numeric), ("var", DataType.Numeric));
        var h = new Harness(new HashAggregateNode(new TableScanNode("t", Input), [],
            [Agg("stddev_samp", Col(1, DataType.Int32), DataType.Numeric), Agg("var_samp", Col(1, DataType.Int32), DataType.Numeric)], schema));
        h.Send(Batch(Input, Row("a", 2), Row("a", 4), Row("a", 4), Row("a", 4), Row("a", 5), Row("a", 5), Row("a", 7), Row("a", 9)));
        var result = h.EndEpoch().Single(l => l.StartsWith('+'));
        Assert.StartsWith("+1 2.13808993529939", result);
        Assert.Contains("|4.5714285714285714", result);
    }

    [Fact]
    public void SnapshotRestoreRoundTripKeepsGroupsAndEmittedState()
    {
        var h = CountSum(Agg("max", Col(1, DataType.Int32), DataType.Int32));
        h.Send(Batch(Input, Row("a", 1), Row("a", 5), Row("b", 2)));
        h.EndEpoch();
        using var stream = new MemoryStream();
        h.Dataflow.Snapshot(stream);
        var copy = CountSum(Agg("max", Col(1, DataType.Int32), DataType.Int32));
        stream.Position = 0;
        copy.Dataflow.Restore(stream);
        copy.Send(Batch(Input, -1, Row("a", 5)));
        Assert.Equal(["+1 a|1|1|1", "-1 a|2|6|5"], copy.EndEpoch());
    }

    private static readonly Data.RowSchema Events = Schema(("k", DataType.Text), ("n", DataType.Int64), ("s", DataType.Text), ("ts", DataType.Timestamp));

    private static Harness MinMax(bool appendOnly) =>
        new(new HashAggregateNode(new TableScanNode("t", Events, AppendOnly: appendOnly), Arr(0),
            [Agg("max", Col(1, DataType.Int64), DataType.Int64), Agg("min", Col(2, DataType.Text), DataType.Text),
             Agg("max", Col(3, DataType.Timestamp), DataType.Timestamp), Agg("min", Col(1, DataType.Int64), DataType.Int64)],
            Schema(("k", DataType.Text), ("a", DataType.Int64), ("b", DataType.Text), ("c", DataType.Timestamp), ("d", DataType.Int64))));

    [Fact]
    public void MinAndMaxOverAnAppendOnlyInputKeepOnlyTheBestValueAndSkipNulls()
    {
        var h = MinMax(appendOnly: true);
        Assert.IsType<Runtime.Aggregates.ExtremumAccumulator>(((Runtime.Operators.HashAggregateOperator)h.Dataflow.Operators[0]).Accumulators[0]);
        h.Send(Batch(Events, Row("a", 5L, "m", Ts("2024-01-01 00:00:05")), Row("a", -3L, null, null), Row("b", null, null, null)));
        Assert.Equal([$"+1 a|5|m|{Ts("2024-01-01 00:00:05")}|-3", "+1 b|NULL|NULL|NULL|NULL"], h.EndEpoch());
        h.Send(Batch(Events, Row("a", 4L, "c", Ts("2024-01-01 00:00:09")), Row("b", 1L, "z", Ts("2023-12-31 00:00:00"))));
        Assert.Equal([$"+1 a|5|c|{Ts("2024-01-01 00:00:09")}|-3", $"+1 b|1|z|{Ts("2023-12-31 00:00:00")}|1", $"-1 a|5|m|{Ts("2024-01-01 00:00:05")}|-3", "-1 b|NULL|NULL|NULL|NULL"], h.EndEpoch());
    }

    [Fact]
    public void MinAndMaxStateMovesBetweenTheAppendOnlyAndTheRetractableForms()
    {
        foreach (var (from, to) in new[] { (false, true), (true, false) })
        {
            var h = MinMax(from);
            h.Send(Batch(Events, Row("a", 5L, "m", Ts("2024-01-01 00:00:05")), Row("a", 9L, "k", Ts("2024-01-01 00:00:01"))));
            h.EndEpoch();
            using var stream = new MemoryStream();
            h.Dataflow.Snapshot(stream);
            var copy = MinMax(to);
            stream.Position = 0;
            copy.Dataflow.Restore(stream);
            copy.Send(Batch(Events, Row("a", 7L, "l", Ts("2024-01-01 00:00:07"))));
            Assert.Equal([$"+1 a|9|k|{Ts("2024-01-01 00:00:07")}|5", $"-1 a|9|k|{Ts("2024-01-01 00:00:05")}|5"], copy.EndEpoch());
        }
    }

    [Fact]
    public void SumOfIntegerOverflowIsNotSilent()
    {
        var schema = Schema(("s", DataType.Int32));
        var h = new Harness(new HashAggregateNode(new TableScanNode("t", Input), [],
            [Agg("sum", Col(1, DataType.Int32), DataType.Int32)], schema));
        h.Send(Batch(Input, Row("a", int.MaxValue), Row("a", 1)));
        var e = Assert.Throws<SqlStateException>(() => h.EndEpoch());
        Assert.Equal("22003", e.SqlState);
    }
}
