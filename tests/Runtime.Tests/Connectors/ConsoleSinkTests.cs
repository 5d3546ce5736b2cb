using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Console;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class ConsoleSinkTests
{
    private static readonly RowSchema Schema = Rows.Schema(("word", DataType.Text), ("n", DataType.Int64));

    [Fact]
    public void Prints_each_epoch_with_a_header_up_to_the_row_limit()
    {
        var output = new StringWriter();
        using var sink = new ConsoleSink(new Dictionary<string, string> { ["rows"] = "3" }, output);
        sink.Open("words", Schema);
        using (var b = Batch.FromRows(Schema.Types, [(new object?[] { "hello", 1L }, 1), (new object?[] { null, 2L }, 1)]))
            sink.Write(1, b);
        sink.Commit(1);
        using (var b = Batch.FromRows(Schema.Types, [(new object?[] { "hello", 1L }, -1), (new object?[] { "hello", 2L }, 3)]))
            sink.Write(2, b);
        Assert.Equal("-------- Epoch 1 --------\n(hello,1)\n(NULL,2)\n\n", output.ToString());
        sink.Commit(2);
        // An epoch without changes prints nothing.
        sink.Commit(3);
        Assert.Equal(
            "-------- Epoch 1 --------\n(hello,1)\n(NULL,2)\n\n"
            + "-------- Epoch 2 --------\n- (hello,1)\n(hello,2)\n(hello,2)\n...\n\n",
            output.ToString());
    }

    [Fact]
    public void A_single_column_prints_its_value_alone_and_ten_rows_by_default()
    {
        var schema = Rows.Schema(("n", DataType.Int32));
        var output = new StringWriter();
        using var sink = new ConsoleSink(new Dictionary<string, string>(), output);
        sink.Open("numbers", schema);
        using (var b = Batch.FromRows(schema.Types, Enumerable.Range(1, 10).Select(i => new object?[] { i })))
            sink.Write(4, b);
        sink.Commit(4);
        Assert.Equal("-------- Epoch 4 --------\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"{i}\n")) + "\n", output.ToString());
    }

    [Theory]
    [InlineData("JSON", null, "{\"word\":\"hi\",\"n\":1}\n- {\"word\":null,\"n\":2}\n")]
    [InlineData("CSV", null, "hi,1\n- ,2\n")]
    [InlineData("TEXT", "|", "hi|1\n- |2\n")]
    [InlineData("TEXT", null, "(hi,1)\n- (NULL,2)\n")]
    [InlineData(null, null, "(hi,1)\n- (NULL,2)\n")]
    public void Prints_rows_in_the_format_given(string? format, string? delimiter, string rows)
    {
        var output = new StringWriter();
        var formatOptions = delimiter is null ? null : new Dictionary<string, string> { ["delimiter"] = delimiter };
        using var sink = new ConsoleSink(new Dictionary<string, string>(), format, formatOptions, output);
        sink.Open("words", Schema);
        using (var b = Batch.FromRows(Schema.Types, [(new object?[] { "hi", 1L }, 1), (new object?[] { null, 2L }, -1)]))
            sink.Write(9, b);
        sink.Commit(9);
        Assert.Equal("-------- Epoch 9 --------\n" + rows + "\n", output.ToString());
    }

    [Fact]
    public void A_bad_format_is_refused()
    {
        var e = Assert.Throws<SqlStateException>(() => new ConsoleSink(new Dictionary<string, string>(), "CSV", new Dictionary<string, string> { ["header"] = "x" }));
        Assert.Equal("invalid value 'x' for option 'header' of format CSV; expected true or false", e.Message);
    }

    [Theory]
    [InlineData("rows", "0", "invalid value '0' for option 'rows' of connector console; expected a whole number from 1 to 1000000")]
    [InlineData("rows", "ten", "invalid value 'ten' for option 'rows' of connector console; expected a whole number from 1 to 1000000")]
    [InlineData("path", "x", "unknown option 'path' for connector console; valid options: rows")]
    public void Bad_options_are_22023_errors_naming_the_valid_options(string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => new ConsoleSink(new Dictionary<string, string> { [key] = value }));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }
}
