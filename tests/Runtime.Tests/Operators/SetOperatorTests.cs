using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Tests.Support;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Operators;

public class SetOperatorTests
{
    private static readonly Data.RowSchema Input = Schema(("g", DataType.Text), ("v", DataType.Int32));

    [Fact]
    public void DistinctEmitsOnlyWhenARowAppearsOrDisappears()
    {
        var h = new Harness(new DistinctNode(new TableScanNode("t", Input)));
        h.Send(Batch(Input, Row("a", 1), Row("a", 1), Row("b", null)));
        Assert.Equal(["+1 a|1", "+1 b|NULL"], h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Empty(h.EndEpoch());
        h.Send(Batch(Input, -1, Row("a", 1)));
        Assert.Equal(["-1 a|1"], h.EndEpoch());
    }

    [Fact]
    public void UnionAllPassesBothInputsAndEndsTheEpochOnce()
    {
        var h = new Harness(new UnionAllNode([new TableScanNode("a", Input), new TableScanNode("b", Input)]));
        h.Send(0, Batch(Input, Row("a", 1))).Send(1, Batch(Input, Row("a", 1), Row("b", 2)));
        Assert.Equal(["+1 b|2", "+2 a|1"], h.EndEpoch());
        Assert.Equal(1, h.Output.EpochEnds);
    }

    [Fact]
    public void UnionAllWatermarkIsTheMinimumOfItsInputs()
    {
        var h = new Harness(new UnionAllNode([new TableScanNode("a", Input), new TableScanNode("b", Input)]));
        h.Watermark(0, 1, 10);
        Assert.Empty(h.Output.Watermarks);
        h.Watermark(1, 1, 7);
        h.Watermark(1, 1, 20);
        Assert.Equal([new(1, 7), new(1, 10)], h.Output.Watermarks);
    }

    [Fact]
    public void UnnestWithOrdinalityEmitsOneRowPerElement()
    {
        var input = Schema(("id", DataType.Int32), ("tags", DataType.ArrayOf(DataType.Text)));
        var h = new Harness(new UnnestNode(new TableScanNode("t", input), Col(1, DataType.ArrayOf(DataType.Text)), "tag", WithOrdinality: true));
        h.Send(Batch(input, Row(1, new object?[] { "x", "y" }), Row(2, null), Row(3, Array.Empty<object?>())));
        Assert.Equal(["+1 1|{x,y}|x|1", "+1 1|{x,y}|y|2"], h.EndEpoch());
        h.Send(Batch(input, -1, Row(1, new object?[] { "x", "y" })));
        Assert.Equal(["-1 1|{x,y}|x|1", "-1 1|{x,y}|y|2"], h.EndEpoch());
    }

    [Fact]
    public void FilterAndProjectComputeOverSelectedRows()
    {
        var filter = new FilterNode(new TableScanNode("t", Input), Op(">", Col(1, DataType.Int32), Lit(1, DataType.Int32)));
        var project = new ProjectNode(filter, [Col(0, DataType.Text), Op("*", Col(1, DataType.Int32), Lit(10, DataType.Int32))],
            Schema(("g", DataType.Text), ("x", DataType.Int32)));
        var h = new Harness(project);
        h.Send(Batch(Input, Row("a", 1), Row("b", 2), Row("c", null), Row("d", 3)));
        Assert.Equal(["+1 b|20", "+1 d|30"], h.EndEpoch());
    }
}
