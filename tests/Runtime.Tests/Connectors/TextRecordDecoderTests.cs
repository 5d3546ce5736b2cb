using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class TextRecordDecoderTests
{
    [Fact]
    public void A_single_column_takes_the_whole_line_blank_ones_included()
    {
        var decoder = RecordDecoder.Create(RecordFormat.Text, Rows.Schema(("line", DataType.Text)));
        var (rows, errors) = Rows.Decode(decoder, "hello world", "a\tb:c", "", "  ");
        Assert.Empty(errors);
        Assert.Equal(["hello world", "a\tb:c", "", "  "], rows);
        Assert.False(decoder.SkipsBlankRecords);
    }

    [Fact]
    public void Splits_x_y_z_lines_into_typed_columns_with_a_delimiter()
    {
        var format = RecordFormat.Parse("TEXT", new Dictionary<string, string> { ["delimiter"] = ":" });
        var decoder = RecordDecoder.Create(format, Rows.Schema(("x", DataType.Float64), ("y", DataType.Float64), ("z", DataType.Text)));
        var (rows, errors) = Rows.Decode(decoder, "1:2.5:a", "-3::", "4:5", "1:2:3:4", "q:1:b");
        Assert.Equal([
            "#2: expected 3 fields separated by ':', found 2",
            "#3: expected 3 fields separated by ':', found 4",
            "#4: column \"x\": invalid input syntax for type double precision: \"q\"",
        ], errors);
        Assert.Equal(["1|2.5|a", "-3|NULL|"], rows);
    }

    [Fact]
    public void The_default_delimiter_is_a_tab()
    {
        var decoder = RecordDecoder.Create(RecordFormat.Text, Rows.Schema(("k", DataType.Text), ("v", DataType.Int32)));
        var (rows, errors) = Rows.Decode(decoder, "a\t1", "a 1");
        Assert.Equal(["a|1"], rows);
        Assert.Equal(["#1: expected 2 fields separated by '\\t', found 1"], errors);
    }

    [Fact]
    public void A_single_non_text_column_reads_the_line_as_its_type()
    {
        var decoder = RecordDecoder.Create(RecordFormat.Text, Rows.Schema(("n", DataType.Int32)));
        var (rows, errors) = Rows.Decode(decoder, "42", "", "4 2");
        Assert.Equal(["42", "NULL"], rows);
        Assert.Equal(["#2: column \"n\": invalid input syntax for type integer: \"4 2\""], errors);
    }

    [Fact]
    public void Needs_at_least_one_column()
    {
        var e = Assert.Throws<SqlStateException>(() => RecordDecoder.Create(RecordFormat.Text, Rows.Schema()));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal("format TEXT needs at least one column", e.Message);
    }
}
