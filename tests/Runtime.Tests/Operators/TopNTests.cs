using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class TopNTests
{
    private static readonly Data.RowSchema Input = Schema(("g", DataType.Text), ("v", DataType.Int32));

    [Fact]
    public void TopTwoPerPartitionPromotesTheNextRowOnDelete()
    {
        var h = new Harness(new TopNNode(new TableScanNode("t", Input), Arr(0), [SortKey.Desc(1)], 2));
        h.Send(Batch(Input, Row("a", 1), Row("a", 5), Row("a", 3), Row("b", 2)));
        Assert.Equal(["+1 a|3", "+1 a|5", "+1 b|2"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 5)));
        Assert.Equal(["+1 a|1", "-1 a|5"], h.EndEpoch());
        h.Send(Batch(Input, Row("a", 0)));
        Assert.Empty(h.EndEpoch());
    }

    [Fact]
    public void RowNumberAndOffsetAreApplied()
    {
        var h = new Harness(new TopNNode(new TableScanNode("t", Input), [], [SortKey.Asc(1)], 2, Offset: 1, RowNumber: true));
        h.Send(Batch(Input, Row("a", 10), Row("b", 20), Row("c", 30), Row("d", 40)));
        Assert.Equal(["+1 b|20|2", "+1 c|30|3"], h.EndEpoch());
        h.Send(Batch(Input, Row("z", 15)));
        Assert.Equal(["+1 b|20|3", "+1 z|15|2", "-1 b|20|2", "-1 c|30|3"], h.EndEpoch());
    }

    [Fact]
    public void DedupKeepsTheFirstRowPerKey()
    {
        var h = new Harness(new TopNNode(new TableScanNode("t", Input), Arr(0), [SortKey.Asc(1)], 1));
        h.Send(Batch(Input, Row("a", 2), Row("a", 1), Row("a", 1)));
        Assert.Equal(["+1 a|1"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Empty(h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Equal(["+1 a|2", "-1 a|1"], h.EndEpoch());
    }

    [Fact]
    public void NullsSortAsTheKeySays()
    {
        var h = new Harness(new TopNNode(new TableScanNode("t", Input), [], [new SortKey(1, Descending: false, NullsFirst: true)], 1));
        h.Send(Batch(Input, Row("a", 1), Row("b", null)));
        Assert.Equal(["+1 b|NULL"], h.EndEpoch());
    }

    [Fact]
    public void SnapshotRestoreKeepsPartitions()
    {
        var node = new TopNNode(new TableScanNode("t", Input), Arr(0), [SortKey.Desc(1)], 1);
        var h = new Harness(node);
        h.Send(Batch(Input, Row("a", 1), Row("a", 5)));
        h.EndEpoch();
        using var stream = new MemoryStream();
        h.Dataflow.Snapshot(stream);
        stream.Position = 0;
        var copy = new Harness(node);
        copy.Dataflow.Restore(stream);
        copy.Send(Batch(Input, -1, Row("a", 5)));
        Assert.Equal(["+1 a|1", "-1 a|5"], copy.EndEpoch());
    }
}
