using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class CsvRecordDecoderTests
{
    private static readonly RecordDecoder Decoder = RecordDecoder.Create(RecordFormat.Csv, Rows.Schema(
        ("id", DataType.Int64), ("name", DataType.Text), ("at", DataType.Date)));

    [Fact]
    public void Reads_fields_by_position_with_rfc_4180_quoting()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            "1,alice,2024-02-29",
            "2,\"b, \"\"quoted\"\"\nline\",2024-01-01",
            "3,,",
            "4,\"\",",
            " 5 ,é,1999-12-31");
        Assert.Empty(errors);
        Assert.Equal([
            "1|alice|2024-02-29",
            "2|b, \"quoted\"\nline|2024-01-01",
            "3|NULL|NULL",
            "4||NULL",
            "5|é|1999-12-31",
        ], rows);
    }

    [Fact]
    public void Uses_the_configured_delimiter()
    {
        var format = RecordFormat.Parse("csv", new Dictionary<string, string> { ["delimiter"] = ";" });
        var (rows, errors) = Rows.Decode(RecordDecoder.Create(format, Rows.Schema(("a", DataType.Text), ("b", DataType.Float64))),
            "x,y;1.5", "\"p;q\";-2");
        Assert.Empty(errors);
        Assert.Equal(["x,y|1.5", "p;q|-2"], rows);
    }

    [Fact]
    public void Bad_records_add_no_row_and_say_what_is_wrong()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            "1,a",
            "1,a,2024-01-01,extra",
            "1,\"open,2024-01-01",
            "1,\"a\"b,2024-01-01",
            "x,a,2024-01-01",
            "1,a,2024-02-30",
            "\"\",a,2024-01-01",
            "6,ok,2024-01-01");
        Assert.Equal([
            "#0: expected 3 fields, found 2",
            "#1: expected 3 fields, found 4",
            "#2: unterminated quoted field 2",
            "#3: unexpected character 'b' after the closing quote of field 2",
            "#4: column \"id\": invalid input syntax for type bigint: \"x\"",
            "#5: column \"at\": date/time field value out of range: \"2024-02-30\"",
            "#6: column \"id\": invalid input syntax for type bigint: \"\"",
        ], errors);
        Assert.Equal(["6|ok|2024-01-01"], rows);
    }
}
