using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class RecordFormatTests
{
    private static Dictionary<string, string> Options(params string[] pairs)
    {
        var d = new Dictionary<string, string>();
        for (int i = 0; i < pairs.Length; i += 2)
            d[pairs[i]] = pairs[i + 1];
        return d;
    }

    [Fact]
    public void Reads_names_and_options_case_insensitively_with_defaults()
    {
        Assert.Equal(RecordFormat.Json, RecordFormat.Parse(null, null));
        Assert.Equal(RecordFormat.Json, RecordFormat.Parse("json", Options()));
        Assert.Equal(new RecordFormat(RecordFormatKind.Csv, false, ','), RecordFormat.Parse("Csv", null));
        Assert.Equal(new RecordFormat(RecordFormatKind.Csv, true, '|'), RecordFormat.Parse("CSV", Options("HEADER", "on", "delimiter", "|")));
        Assert.Equal(new RecordFormat(RecordFormatKind.Text, false, '\t'), RecordFormat.Parse("text", null));
        Assert.Equal(new RecordFormat(RecordFormatKind.Text, false, '\t'), RecordFormat.Parse("TEXT", Options("delimiter", "\\t")));
        Assert.Equal(new RecordFormat(RecordFormatKind.Text, false, ':'), RecordFormat.Parse("TEXT", Options("delimiter", ":")));
    }

    [Theory]
    [InlineData("XML", "", "", "unknown format 'XML'; valid formats: JSON, CSV, TEXT")]
    [InlineData("JSON", "header", "true", "unknown option 'header' for format JSON; format JSON takes no options")]
    [InlineData("CSV", "quote", "'", "unknown option 'quote' for format CSV; valid options: header, delimiter")]
    [InlineData("TEXT", "header", "true", "unknown option 'header' for format TEXT; valid options: delimiter")]
    [InlineData("CSV", "header", "maybe", "invalid value 'maybe' for option 'header' of format CSV; expected true or false")]
    [InlineData("CSV", "delimiter", "ab", "invalid value 'ab' for option 'delimiter' of format CSV; expected a single ASCII character other than a double quote or a line break")]
    [InlineData("CSV", "delimiter", "\"", "invalid value '\"' for option 'delimiter' of format CSV; expected a single ASCII character other than a double quote or a line break")]
    [InlineData("TEXT", "delimiter", "\n", "invalid value '\n' for option 'delimiter' of format TEXT; expected a single ASCII character other than a line break")]
    [InlineData("TEXT", "delimiter", "é", "invalid value 'é' for option 'delimiter' of format TEXT; expected a single ASCII character other than a line break")]
    public void Bad_formats_and_options_are_22023_errors_naming_what_is_valid(string name, string key, string value, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => RecordFormat.Parse(name, key.Length == 0 ? null : Options(key, value)));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }
}
