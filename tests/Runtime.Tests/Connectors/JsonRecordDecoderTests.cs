using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class JsonRecordDecoderTests
{
    private static readonly RecordDecoder Decoder = RecordDecoder.Create(RecordFormat.Json, Rows.Schema(
        ("id", DataType.Int32), ("name", DataType.Text), ("price", DataType.Float64), ("ok", DataType.Boolean),
        ("ts", DataType.Timestamp), ("tags", DataType.Jsonb), ("amount", DataType.NumericOf(10, 2))));

    [Fact]
    public void Decodes_every_json_kind_into_the_column_types()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            """{"id": 1, "name": "a", "price": 2.5, "ok": true, "ts": "2024-01-01 10:00:00", "tags": {"b": 1, "a": [1, 2]}, "amount": 3.14159}""");
        Assert.Empty(errors);
        Assert.Equal(["1|a|2.5|t|2024-01-01 10:00:00|{\"a\": [1, 2], \"b\": 1}|3.14"], rows);
    }

    [Fact]
    public void Matches_names_exactly_first_then_ignoring_case_and_ignores_extra_fields()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            """{"ID": 2, "Name": "b"}""",
            """{"id": 3, "ID": 4}""",
            """{"ID": 4, "id": 3}""",
            """{"extra": {"deep": [1, {"x": 2}]}, "id": 5, "name": null, "more": [true]}""");
        Assert.Empty(errors);
        Assert.Equal([
            "2|b|NULL|NULL|NULL|NULL|NULL",
            "3|NULL|NULL|NULL|NULL|NULL|NULL",
            "3|NULL|NULL|NULL|NULL|NULL|NULL",
            "5|NULL|NULL|NULL|NULL|NULL|NULL",
        ], rows);
    }

    [Fact]
    public void Reads_strings_numbers_and_booleans_through_the_text_input_of_the_type()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            """{"id": "6", "price": "1e3", "ok": "yes", "amount": "-0.005"}""",
            """{"ts": "2024-01-01T10:00:00.5Z", "name": "a\"b\u00e9", "ok": false}""",
            """{"name": 12.50, "tags": "text", "price": -0.0}""",
            """{"name": {"z": 1, "a": 2}, "tags": 1e2}""",
            """{"name": true, "tags": [3, "x", null]}""");
        Assert.Empty(errors);
        Assert.Equal([
            "6|NULL|1000|t|NULL|NULL|-0.01",
            "NULL|a\"bé|NULL|f|2024-01-01 10:00:00.5|NULL|NULL",
            "NULL|12.50|-0|NULL|NULL|\"text\"|NULL",
            "NULL|{\"a\": 2, \"z\": 1}|NULL|NULL|NULL|100|NULL",
            "NULL|true|NULL|NULL|NULL|[3, \"x\", null]|NULL",
        ], rows);
    }

    [Fact]
    public void Reads_timestamptz_with_and_without_offsets_and_arrays_element_by_element()
    {
        var decoder = RecordDecoder.Create(RecordFormat.Json, Rows.Schema(
            ("at", DataType.TimestampTz), ("tags", DataType.ArrayOf(DataType.Text)), ("ns", DataType.ArrayOf(DataType.Int64))));
        var (rows, errors) = Rows.Decode(decoder,
            """{"at": "2024-03-01 12:00:00+02", "tags": ["a", null, "b c"], "ns": [1, "2", null]}""",
            """{"at": "2024-03-01T12:00:00Z", "tags": [], "ns": "{4,5}"}""",
            """{"at": "2024-03-01 12:00:00", "ns": [1.5]}""");
        Assert.Equal(["#2: column \"ns\": invalid input syntax for type bigint: \"1.5\""], errors);
        Assert.Equal([
            "2024-03-01 10:00:00+00|{a,NULL,\"b c\"}|{1,2,NULL}",
            "2024-03-01 12:00:00+00|{}|{4,5}",
        ], rows);
    }

    [Fact]
    public void Bad_records_add_no_row_and_say_what_is_wrong()
    {
        var (rows, errors) = Rows.Decode(Decoder,
            "not json",
            "[1, 2]",
            "\"text\"",
            """{"id": "abc"}""",
            """{"id": 1.5}""",
            """{"id": {"a": 1}}""",
            """{"tags": 1, "id": [1]}""",
            """{"id": 1} x""",
            """{"id": 1""",
            """{"ts": "yesterday-ish"}""",
            """{"id": 99999999999}""",
            """{"amount": 123456789.5}""",
            """{"id": 7}""");
        Assert.Equal([
            "#0: invalid JSON at byte 1",
            "#1: expected a JSON object, found an array",
            "#2: expected a JSON object, found a string",
            "#3: column \"id\": invalid input syntax for type integer: \"abc\"",
            "#4: column \"id\": invalid input syntax for type integer: \"1.5\"",
            "#5: column \"id\": expected integer, found a JSON object",
            "#6: column \"id\": expected integer, found a JSON array",
            "#7: invalid JSON at byte 10",
            "#8: invalid JSON at byte 8",
            "#9: column \"ts\": invalid input syntax for type timestamp: \"yesterday-ish\"",
            "#10: column \"id\": value \"99999999999\" is out of range for type integer",
            "#11: column \"amount\": numeric field overflow",
        ], errors);
        Assert.Equal(["7|NULL|NULL|NULL|NULL|NULL|NULL"], rows);
    }
}
