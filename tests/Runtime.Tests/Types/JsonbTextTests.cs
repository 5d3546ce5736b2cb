using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Tests.Types;

public sealed class JsonbTextTests
{
    [Fact]
    public void KeysOrderByLengthThenBytes()
    {
        Assert.Equal("{\"b\": 1, \"aa\": 2, \"é\": 3}", JsonbText.Canonicalize("{\"é\":3,\"aa\":2,\"b\":1}"));
        Assert.True(JsonbText.CompareKeys("z", "aa") < 0);
        Assert.True(JsonbText.CompareKeys("ab", "aa") > 0);
    }

    [Fact]
    public void DuplicateKeysKeepTheLast() =>
        Assert.Equal("{\"a\": 3}", JsonbText.Canonicalize("{\"a\":1,\"a\":2,\"a\":3}"));

    [Theory]
    [InlineData("1e2", "100")]
    [InlineData("1.50", "1.50")]
    [InlineData("-0.0", "0.0")]
    [InlineData("1E-2", "0.01")]
    [InlineData("12.5e1", "125")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    public void NumbersPrintAsNumeric(string raw, string expected) => Assert.Equal(expected, JsonbText.NormalizeNumber(raw));

    [Fact]
    public void StringsEscapeOnlyWhatJsonRequires()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001é/\"", JsonbText.Quote("a\"b\\c\nd\u0001é/"));
        Assert.Equal("[\"\\t\", \"\\b\\f\\r\"]", JsonbText.Canonicalize("[\"\\t\",\"\\b\\f\\r\"]"));
    }

    [Fact]
    public void BadJsonIs22P02()
    {
        var e = Assert.Throws<SqlStateException>(() => JsonbText.Canonicalize("[1,]"));
        Assert.Equal("22P02", e.SqlState);
        Assert.Equal("invalid input syntax for type json", e.Message);
        Assert.Throws<SqlStateException>(() => JsonbText.Canonicalize("NaN"));
        Assert.Throws<SqlStateException>(() => JsonbText.Canonicalize("{\"a\":1} x"));
    }

    [Fact]
    public void OrderIsPostgreSqlsJsonbOrder()
    {
        // SELECT j FROM (VALUES ...) ORDER BY j on PostgreSQL 15.
        string[] expected =
        [
            "[]", "null", "\"a\"", "\"ab\"", "\"b\"", "1.0", "1", "9.5", "10", "false", "true", "[null]", "[\"a\"]", "[1]", "[[]]",
            "[0, 0]", "{}", "{\"a\": 1}", "{\"aa\": 0}", "{\"b\": 0}", "{\"a\": 1, \"b\": 2}",
        ];
        var shuffled = expected.Reverse().ToArray();
        var sorted = shuffled.Order(ValueComparer.For(DataType.Jsonb)).Cast<string>().ToArray();
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(0, JsonbText.Compare(expected[i], sorted[i]));
        Assert.True(JsonbText.Compare("10", "9.5") > 0);
    }

    [Fact]
    public void PostgreSqlEqualityIsNumericButTheComparerKeepsTextualEquality()
    {
        Assert.Equal(0, JsonbText.Compare("1.0", "1"));
        Assert.Equal(0, JsonbText.Compare("[1.0, {\"a\": 2.50}]", "[1, {\"a\": 2.5}]"));
        Assert.Equal(JsonbText.GetHashCode("[1.0, {\"a\": 2.50}]"), JsonbText.GetHashCode("[1, {\"a\": 2.5}]"));
        Assert.NotEqual(0, JsonbText.Compare("\"1\"", "1"));
        Assert.NotEqual(0, JsonbText.Compare("[1]", "1"));
        // TypeKind.Jsonb: equality and hashing of values are textual; order stays total and consistent with them.
        var c = ValueComparer.For(DataType.Jsonb);
        Assert.False(c.Equals("1.0", "1"));
        Assert.True(c.Compare("1.0", "1") != 0);
        Assert.True(c.Compare("1.0", "2") < 0 && c.Compare("1", "2") < 0);
        Assert.Equal(c.GetHashCode("{\"a\": 1}"), c.GetHashCode("{\"a\": 1}"));
    }

    [Fact]
    public void UnquotedTextOfScalars()
    {
        using var doc = JsonbText.ParseDocument("[\"x\", null, 1.0, {\"b\":1,\"a\":2}]");
        var items = doc.RootElement.EnumerateArray().ToArray();
        Assert.Equal("x", JsonbText.ToUnquotedText(items[0]));
        Assert.Null(JsonbText.ToUnquotedText(items[1]));
        Assert.Equal("1.0", JsonbText.ToUnquotedText(items[2]));
        Assert.Equal("{\"a\": 2, \"b\": 1}", JsonbText.ToUnquotedText(items[3]));
        Assert.Equal("object", JsonbText.TypeOf(items[3]));
    }
}
