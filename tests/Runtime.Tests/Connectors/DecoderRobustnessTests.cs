using System.Text;
using StreamSql.Runtime.Connectors.Formats;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>No record, however malformed, makes a decoder throw: it is a row or an error text.</summary>
public sealed class DecoderRobustnessTests
{
    private static readonly RowSchema Schema = Rows.Schema(
        ("i", DataType.Int32), ("s", DataType.Int16), ("f", DataType.Float32), ("n", DataType.NumericOf(6, 2)), ("b", DataType.Boolean),
        ("t", DataType.Text), ("ts", DataType.Timestamp), ("tz", DataType.TimestampTz), ("d", DataType.Date), ("iv", DataType.Interval),
        ("j", DataType.Jsonb), ("a", DataType.ArrayOf(DataType.Int32)));

    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u00", " ", "\t", "-", "+", ".", "e", "E", "1", "0", "99999999999999999999", "1e5", "NaN",
        "true", "false", "null", "nul", "\"i\"", "\"ts\"", "\"a\"", "\"j\"", "\"n\"", "2024-01-01", "T", "10:00:00", "Z", "+05:30", "24:00",
        "infinity", "epoch", "1 day", "P1D", "{1,2}", "{\"x\"", "é", "\u0001", "\"\"", "BC", "2024-13-45", "-0", "1.5e-400", "\uFFFD",
    ];

    public static TheoryData<string> Formats => new() { "JSON", "CSV", "TEXT" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Random_records_never_throw(string format)
    {
        var options = format == "TEXT" ? new Dictionary<string, string> { ["delimiter"] = "," } : null;
        var decoder = RecordDecoder.Create(RecordFormat.Parse(format, options), Schema);
        var random = new Random(20241124);
        var builder = new BatchBuilder(Schema.Types, 64);
        int rows = 0, errors = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            if (format == "JSON" && random.Next(3) > 0)
                text.Append('{');
            int count = random.Next(1, 30);
            for (int k = 0; k < count; k++)
                text.Append(Pieces[random.Next(Pieces.Length)]);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (random.Next(10) == 0 && bytes.Length > 0)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            int before = builder.Count;
            if (decoder.Decode(bytes, builder) is null)
            {
                Assert.Equal(before + 1, builder.Count);
                rows++;
            }
            else
            {
                Assert.Equal(before, builder.Count);
                errors++;
            }
            if (builder.Count > 1000)
                builder.Build().Dispose();
        }
        Assert.True(errors > 0);
        Assert.Equal(20_000, rows + errors);
    }
}
