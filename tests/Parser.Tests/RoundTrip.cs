using StreamSql.Parser.Formatting;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser.Tests;

internal static class RoundTrip
{
    /// <summary>parse(format(s)) gives the same tree as s, compared as span-free dumps.</summary>
    public static void AssertHolds(Statement statement)
    {
        string formatted = SqlFormatter.Format(statement);
        var reparsed = SqlParser.Parse(formatted);
        Assert.True(reparsed.Diagnostics.IsEmpty, $"formatted SQL does not parse: {formatted}\n{string.Join("\n", reparsed.Diagnostics.Select(d => d.Message))}");
        Assert.Single(reparsed.Statements);
        Assert.Equal(SyntaxTreePrinter.Print(statement), SyntaxTreePrinter.Print(reparsed.Statements[0]));
    }
}
