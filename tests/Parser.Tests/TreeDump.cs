using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Formatting;

namespace StreamSql.Parser.Tests;

/// <summary>The text a golden .tree file holds for a script: each statement's tree with spans, then any diagnostics.</summary>
internal static class TreeDump
{
    public static string Of(ParseResult result)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var statement in result.Statements)
        {
            string text = result.Source[statement.Span];
            string firstLine = text.Split('\n')[0].TrimEnd();
            builder.Append("-- ").Append(firstLine).Append('\n');
            builder.Append(SyntaxTreePrinter.Print(statement, result.Source)).Append('\n');
        }
        if (!result.Diagnostics.IsEmpty)
            builder.Append(DiagnosticFormatter.Format(result.Diagnostics, result.Source));
        return builder.ToString();
    }
}
