using StreamSql.Runtime.Functions;

namespace StreamSql.Runtime.Tests.Functions;

public sealed class SqlRegexTests
{
    [Fact]
    public void PosixClassesAndWordBoundariesTranslate()
    {
        Assert.Matches(SqlRegex.Compile("^[[:alpha:]]+[[:digit:]]$"), "abc1");
        Assert.DoesNotMatch(SqlRegex.Compile("^[[:upper:]]"), "abc");
        Assert.Matches(SqlRegex.Compile("^[[:space:][:punct:]]+$"), " ,.");
        Assert.Matches(SqlRegex.Compile("\\mfoo\\M"), "a foo b");
        Assert.DoesNotMatch(SqlRegex.Compile("\\yfoo\\y"), "afoob");
        Assert.Matches(SqlRegex.Compile("a\\.b"), "a.b");
    }

    [Fact]
    public void FlagsFollowPostgreSql()
    {
        Assert.Matches(SqlRegex.Compile("ABC", "i", out var global), "abc");
        Assert.False(global);
        SqlRegex.Compile("a", "g", out global);
        Assert.True(global);
        Assert.DoesNotMatch(SqlRegex.Compile("ABC", "ic", out _), "abc");
        Assert.Matches(SqlRegex.Compile("a.c", "q", out _), "xa.cx");
        Assert.DoesNotMatch(SqlRegex.Compile("a.c", "q", out _), "abc");
        var e = Assert.Throws<SqlStateException>(() => SqlRegex.Compile("a", "z", out _));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal("invalid regular expression option: \"z\"", e.Message);
    }

    [Fact]
    public void BadPatternIs2201B()
    {
        var e = Assert.Throws<SqlStateException>(() => SqlRegex.Compile("(ab"));
        Assert.Equal("2201B", e.SqlState);
        Assert.StartsWith("invalid regular expression: ", e.Message);
    }

    [Fact]
    public void ReplacementBackReferences()
    {
        Assert.Equal("${1}-$0", SqlRegex.TranslateReplacement("\\1-\\&"));
        Assert.Equal("$$5 \\", SqlRegex.TranslateReplacement("$5 \\\\"));
        Assert.Equal("a\\x", SqlRegex.TranslateReplacement("a\\x"));
    }
}
