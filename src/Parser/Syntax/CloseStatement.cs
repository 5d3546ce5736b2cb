using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CLOSE cursor</c> or <c>CLOSE ALL</c> (<see cref="Cursor"/> null).</summary>
public sealed record CloseStatement(
    Identifier? Cursor,
    TextSpan Span) : Statement(Span);
