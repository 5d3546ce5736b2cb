using System.Text;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>Decoding allocates nothing per field beyond the values themselves: rows of numbers and times allocate nothing at all.</summary>
public sealed class DecoderAllocationTests
{
    private static readonly RowSchema Schema = Rows.Schema(
        ("id", DataType.Int64), ("price", DataType.Float64), ("ok", DataType.Boolean), ("ts", DataType.Timestamp), ("amount", DataType.Numeric));

    [Theory]
    [InlineData("JSON", "{\"id\": 12345, \"price\": 2.5, \"ok\": true, \"ts\": \"2024-01-01 10:00:00.25\", \"amount\": 3.14}")]
    [InlineData("CSV", "12345,2.5,t,2024-01-01 10:00:00.25,3.14")]
    [InlineData("TEXT", "12345\t2.5\tt\t2024-01-01 10:00:00.25\t3.14")]
    public void Rows_without_text_values_allocate_nothing(string format, string record)
    {
        var decoder = RecordDecoder.Create(RecordFormat.Parse(format, null), Schema);
        var bytes = Encoding.UTF8.GetBytes(record);
        var builder = new BatchBuilder(Schema.Types, 2048);
        Assert.Null(decoder.Decode(bytes, builder));
        builder.Clear();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            decoder.Decode(bytes, builder);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        using var batch = builder.Build();
        Assert.Equal(1000, batch.RowCount);
        Assert.Equal("12345|2.5|t|2024-01-01 10:00:00.25|3.14", Rows.Show(batch)[999]);
    }
}
