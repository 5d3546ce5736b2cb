using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class RecordEncoderTests
{
    private static readonly RowSchema Schema = Rows.Schema(
        ("id", DataType.Int32), ("name", DataType.Text), ("price", DataType.Float64), ("ok", DataType.Boolean),
        ("ts", DataType.Timestamp), ("at", DataType.TimestampTz), ("doc", DataType.Jsonb), ("tags", DataType.ArrayOf(DataType.Text)),
        ("amount", DataType.Numeric), ("d", DataType.Date));

    private static Batch Sample() => Batch.FromRows(Schema.Types, [
        ([1, "a \"q\", b", 2.5, true, ValueParser.ParseTimestamp("2024-01-01 10:00:00.5"), ValueParser.ParseTimestampTz("2024-01-01 10:00:00+02", TimeZoneInfo.Utc),
            "{\"k\": [1]}", new object?[] { "x", null }, 1.50m, ValueParser.ParseDate("2024-02-29")], 1),
        ([null, "", double.NaN, false, null, null, null, null, null, null], -1),
    ]);

    private static string Encode(RecordEncoder encoder, Batch batch)
    {
        var writer = new StringWriter { NewLine = "\n" };
        encoder.WriteHeader(writer);
        encoder.WriteBatch(writer, batch);
        return writer.ToString();
    }

    [Fact]
    public void Json_lines_carry_json_types_iso_timestamps_and_the_diff()
    {
        using var batch = Sample();
        Assert.Equal(
            "{\"id\":1,\"name\":\"a \\\"q\\\", b\",\"price\":2.5,\"ok\":true,\"ts\":\"2024-01-01T10:00:00.5\",\"at\":\"2024-01-01T08:00:00+00:00\","
            + "\"doc\":{\"k\": [1]},\"tags\":[\"x\",null],\"amount\":1.50,\"d\":\"2024-02-29\",\"diff\":1}\n"
            + "{\"id\":null,\"name\":\"\",\"price\":\"NaN\",\"ok\":false,\"ts\":null,\"at\":null,\"doc\":null,\"tags\":null,\"amount\":null,\"d\":null,\"diff\":-1}\n",
            Encode(RecordEncoder.Create(RecordFormat.Json, Schema, withDiff: true), batch));
    }

    [Fact]
    public void Csv_quotes_what_needs_it_and_writes_null_as_an_empty_field()
    {
        using var batch = Sample();
        var format = RecordFormat.Csv with { Header = true };
        Assert.Equal(
            "id,name,price,ok,ts,at,doc,tags,amount,d,diff\n"
            + "1,\"a \"\"q\"\", b\",2.5,t,2024-01-01 10:00:00.5,2024-01-01 08:00:00+00,\"{\"\"k\"\": [1]}\",\"{x,NULL}\",1.50,2024-02-29,1\n"
            + ",\"\",NaN,f,,,,,,,-1\n",
            Encode(RecordEncoder.Create(format, Schema, withDiff: true), batch));
    }

    [Fact]
    public void Csv_output_reads_back_to_the_same_values()
    {
        using var batch = Sample();
        var encoder = RecordEncoder.Create(RecordFormat.Csv, Schema, withDiff: false);
        var writer = new StringWriter();
        encoder.Write(writer, batch, 0, 1);
        encoder.Write(writer, batch, 1, 1);
        var lines = writer.ToString().TrimEnd('\n').Split('\n');
        var (rows, errors) = Rows.Decode(RecordDecoder.Create(RecordFormat.Csv, Schema), lines);
        Assert.Empty(errors);
        Assert.Equal(Rows.Show(batch), rows);
    }

    [Fact]
    public void Text_joins_values_with_the_delimiter()
    {
        using var batch = Sample();
        var format = RecordFormat.Text with { Delimiter = '|' };
        Assert.Equal(
            "1|a \"q\", b|2.5|t|2024-01-01 10:00:00.5|2024-01-01 08:00:00+00|{\"k\": [1]}|{x,NULL}|1.50|2024-02-29|1\n"
            + "||NaN|f|||||||-1\n",
            Encode(RecordEncoder.Create(format, Schema, withDiff: true), batch));
    }

    [Fact]
    public void Without_a_diff_field_a_row_is_written_once_per_unit_of_weight_and_a_retraction_is_refused()
    {
        var schema = Rows.Schema(("n", DataType.Int64));
        var encoder = RecordEncoder.Create(RecordFormat.Text, schema, withDiff: false);
        using var inserts = Batch.FromRows(schema.Types, [([7L], 2), ([8L], 1)]);
        Assert.Equal("7\n7\n8\n", Encode(encoder, inserts));
        using var retraction = Batch.FromRows(schema.Types, [([7L], -1)]);
        Assert.Throws<InvalidOperationException>(() => Encode(encoder, retraction));
    }

    [Fact]
    public void Only_the_selected_rows_are_written()
    {
        var schema = Rows.Schema(("n", DataType.Int64));
        using var batch = Batch.FromRows(schema.Types, [([1L], 1), ([2L], 1), ([3L], 1)]);
        using var selected = batch.WithSelection([0, 2], 2);
        Assert.Equal("{\"n\":1}\n{\"n\":3}\n", Encode(RecordEncoder.Create(RecordFormat.Json, schema, withDiff: false), selected));
    }
}
