using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

public sealed class ArrayTypesTests
{
    [Fact]
    public void UnnestYieldsTheInnermostElementType()
    {
        Assert.Equal(DataType.Int32, ArrayTypes.UnnestElementType(DataType.ArrayOf(DataType.Int32)));
        Assert.Equal(DataType.Text, ArrayTypes.UnnestElementType(DataType.ArrayOf(DataType.ArrayOf(DataType.Text))));
        Assert.Null(ArrayTypes.UnnestElementType(DataType.Int32));
    }

    [Fact]
    public void FlattenIsRowMajorAndKeepsNulls()
    {
        object?[] nested = [new object?[] { 1, 2 }, new object?[] { 3, null }];
        Assert.Equal(new object?[] { 1, 2, 3, null }, ArrayTypes.Flatten(nested).ToArray());
        Assert.Empty(ArrayTypes.Flatten([]));
    }
}
