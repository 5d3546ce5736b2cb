using StreamSql.Runtime.Data;
using StreamSql.Runtime.State;
using StreamSql.Runtime.Types;
using static StreamSql.Runtime.Tests.Support.P;

namespace StreamSql.Runtime.Tests.Columnar;

public class BatchTests
{
    private static readonly RowSchema S = Schema(("i", DataType.Int32), ("t", DataType.Text), ("ts", DataType.Timestamp),
        ("n", DataType.Numeric), ("iv", DataType.Interval), ("arr", DataType.ArrayOf(DataType.Int32)), ("b", DataType.Boolean));

    [Fact]
    public void ColumnsUseTheTypedRepresentationOfEachKind()
    {
        using var b = Batch(S, Row(1, "x", 5L, 1.5m, new Interval(0, 1, 2), new object?[] { 1, null }, true));
        Assert.IsType<Column<int>>(b.Columns[0]);
        Assert.IsType<Column<string?>>(b.Columns[1]);
        Assert.IsType<Column<long>>(b.Columns[2]);
        Assert.IsType<Column<decimal>>(b.Columns[3]);
        Assert.IsType<Column<Interval>>(b.Columns[4]);
        Assert.IsType<Column<object?>>(b.Columns[5]);
        Assert.IsType<Column<bool>>(b.Columns[6]);
        Assert.Equal("1|x|5|1.5|" + new Interval(0, 1, 2) + "|{1,NULL}|True", Render(b.GetRow(0)));
    }

    [Fact]
    public void NullBitmapIsCreatedOnFirstNullAndClearedOnWrite()
    {
        var c = (Column<int>)Column.Create(DataType.Int32, 100);
        Assert.False(c.MayHaveNulls);
        c.SetValue(70, null);
        Assert.True(c.IsNull(70));
        Assert.False(c.IsNull(69));
        c.Set(70, 3);
        Assert.False(c.IsNull(70));
        c.EnsureCapacity(1000);
        c.SetValue(999, null);
        Assert.True(c.IsNull(999));
    }

    [Fact]
    public void SelectionLimitsLiveRowsWithoutCopying()
    {
        using var b = Batch(Schema(("i", DataType.Int32)), Row(1), Row(2), Row(3));
        var view = b.WithSelection([0, 2], 2);
        Assert.Same(b.Columns[0], view.Columns[0]);
        Assert.Equal([1, 3], view.Rows().Select(r => (int)r.Row[0]!));
        view.Dispose();
        Assert.Equal(2, b.GetValue(0, 1));
    }

    [Fact]
    public void BuilderGrowsAndKeepsWeights()
    {
        var builder = new BatchBuilder(Schema(("i", DataType.Int32)).Types, 16);
        for (int i = 0; i < 100; i++)
            builder.AddRow([i], i % 2 == 0 ? 1 : -2);
        using var b = builder.Build();
        Assert.Equal(100, b.RowCount);
        Assert.Equal(-2, b.Weights[99]);
        Assert.Equal(99, b.GetValue(0, 99));
        Assert.Equal(0, builder.Count);
    }

    [Fact]
    public void GroupingEqualityTreatsNullsAndNaNAsEqualAndArraysByValue()
    {
        Assert.True(BoxedValues.ValueEquals(null, null));
        Assert.True(BoxedValues.ValueEquals(double.NaN, double.NaN));
        Assert.True(BoxedValues.ValueEquals(new object?[] { 1, null }, new object?[] { 1, null }));
        Assert.Equal(new RowKey([1.0m, "a"]), new RowKey([1.00m, "a"]));
        Assert.True(BoxedValues.Compare(null, 1) > 0);
        Assert.True(BoxedValues.Compare("B", "a") < 0);
    }

    [Fact]
    public void ValueCodecRoundTripsEveryRepresentation()
    {
        object?[] row = [null, true, (short)2, 3, 4L, 5.5f, 6.5, 7.25m, "t", new Interval(1, 2, 3), new object?[] { 1, null, "x" }];
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            ValueCodec.WriteRow(w, row);
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        Assert.Equal(new RowKey(row), new RowKey(ValueCodec.ReadRow(r)));
    }

    [Fact]
    public void GroupTableReusesFreedIdsAndFindsKeysAfterRehash()
    {
        var table = new GroupTable([DataType.Int64], 16);
        var col = (Column<long>)Column.Create(DataType.Int64, 1);
        int[] keyCols = [0];
        var ids = new Dictionary<long, int>();
        for (long k = 0; k < 1000; k++)
        {
            col.Set(0, k);
            ids[k] = table.FindOrAdd([col], keyCols, 0, GroupTable.HashRow([col], keyCols, 0), out bool added);
            Assert.True(added);
        }
        col.Set(0, 500);
        Assert.Equal(ids[500], table.Find([col], keyCols, 0, GroupTable.HashRow([col], keyCols, 0)));
        table.Remove(ids[500]);
        Assert.Equal(-1, table.Find([col], keyCols, 0, GroupTable.HashRow([col], keyCols, 0)));
        col.Set(0, 5000);
        Assert.Equal(ids[500], table.FindOrAdd([col], keyCols, 0, GroupTable.HashRow([col], keyCols, 0), out _));
        Assert.Equal(1000, table.Count);
    }
}
