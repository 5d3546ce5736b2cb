using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser;

/// <summary>Entry point of the parser: SQL text in, statements and diagnostics out. Never throws on user input.</summary>
public static class SqlParser
{
    public static ParseResult Parse(string text, string? filePath = null) => Parse(new SourceText(text ?? string.Empty, filePath));

    public static ParseResult Parse(SourceText source) =>
        new(source, ImmutableArray<Statement>.Empty, ImmutableArray<Diagnostic>.Empty);
}
