using StreamSql.Runtime.Functions;

namespace StreamSql.Runtime.Tests.Functions;

public sealed class LikePatternTests
{
    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "a%", true)]
    [InlineData("abc", "%c", true)]
    [InlineData("abc", "%b%", true)]
    [InlineData("abc", "a_c", true)]
    [InlineData("abc", "a__", true)]
    [InlineData("abc", "a___", false)]
    [InlineData("abc", "_", false)]
    [InlineData("", "", true)]
    [InlineData("", "%", true)]
    [InlineData("", "_", false)]
    [InlineData("aXbXc", "a%b%c", true)]
    [InlineData("abcbc", "%bc", true)]
    [InlineData("abcbd", "%bc", false)]
    [InlineData("mississippi", "%iss%pi", true)]
    [InlineData("a%c", "a\\%c", true)]
    [InlineData("abc", "a\\%c", false)]
    [InlineData("a\\c", "a\\\\c", true)]
    [InlineData("ABC", "abc", false)]
    public void MatchesLikePostgreSql(string text, string pattern, bool expected) =>
        Assert.Equal(expected, LikePattern.Compile(pattern).IsMatch(text));

    [Fact]
    public void CaseInsensitiveForIlike()
    {
        Assert.True(LikePattern.Compile("a%C", caseInsensitive: true).IsMatch("AbC"));
        Assert.True(LikePattern.Compile("É%", caseInsensitive: true).IsMatch("école"));
        Assert.False(LikePattern.Compile("x%", caseInsensitive: true).IsMatch("abc"));
    }

    [Fact]
    public void TrailingEscapeFailsOnlyWhenReached()
    {
        var pattern = LikePattern.Compile("ab\\");
        Assert.False(pattern.IsMatch("ab"));
        Assert.False(pattern.IsMatch("x"));
        var e = Assert.Throws<SqlStateException>(() => pattern.IsMatch("abc"));
        Assert.Equal("22025", e.SqlState);
        Assert.Equal("LIKE pattern must not end with escape character", e.Message);
    }

    [Fact]
    public void EscapeClauseIsRewrittenToBackslashes()
    {
        Assert.Equal("a\\%c", LikePattern.ConvertEscape("a#%c", "#"));
        Assert.Equal("a\\\\b", LikePattern.ConvertEscape("a\\b", "#"));
        Assert.Equal("a\\\\%", LikePattern.ConvertEscape("a\\%", ""));
        Assert.Equal("a\\%", LikePattern.ConvertEscape("a\\%", "\\"));
        Assert.True(LikePattern.Compile(LikePattern.ConvertEscape("100#%", "#")).IsMatch("100%"));
        Assert.False(LikePattern.Compile(LikePattern.ConvertEscape("100#%", "#")).IsMatch("1000"));
        Assert.True(LikePattern.Compile(LikePattern.ConvertEscape("a\\%", "")).IsMatch("a\\xyz"));
        var e = Assert.Throws<SqlStateException>(() => LikePattern.ConvertEscape("a", "ab"));
        Assert.Equal("22025", e.SqlState);
        Assert.Equal("invalid escape string", e.Message);
        Assert.Equal("22025", Assert.Throws<SqlStateException>(() => LikePattern.ConvertEscape("a#", "#")).SqlState);
    }
}
