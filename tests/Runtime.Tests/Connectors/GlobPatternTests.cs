using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Connectors.Directory;

namespace StreamSql.Runtime.Tests.Connectors;

public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*", "a.json", true)]
    [InlineData("*.json", "a.json", true)]
    [InlineData("*.json", "a.json.gz", false)]
    [InlineData("*.json", "A.JSON", false)]
    [InlineData("part-?.csv", "part-1.csv", true)]
    [InlineData("part-?.csv", "part-12.csv", false)]
    [InlineData("log-[0-9]*", "log-7-x", true)]
    [InlineData("log-[0-9]*", "log-x", false)]
    [InlineData("[!a]*", "abc", false)]
    [InlineData("[!a]*", "bcd", true)]
    [InlineData("[]x]y", "]y", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "aXbYbZ", false)]
    [InlineData("**", "", true)]
    public void Matches_names_like_a_shell(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, GlobPattern.Parse(pattern, "connector directory").Matches(name));
    }

    [Theory]
    [InlineData("", "invalid value '' for option 'pattern' of connector directory; expected a file name glob such as '*.json' (no '/')")]
    [InlineData("in/*.json", "invalid value 'in/*.json' for option 'pattern' of connector directory; expected a file name glob such as '*.json' (no '/')")]
    [InlineData("a[bc", "invalid value 'a[bc' for option 'pattern' of connector directory; '[' at 2 is not closed by ']'")]
    public void Bad_patterns_are_22023_errors(string pattern, string message)
    {
        var e = Assert.Throws<SqlStateException>(() => GlobPattern.Parse(pattern, "connector directory"));
        Assert.Equal("22023", e.SqlState);
        Assert.Equal(message, e.Message);
    }
}
