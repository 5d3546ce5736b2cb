using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>DELETE FROM table [[AS] alias] [WHERE cond]</c>.</summary>
public sealed record DeleteStatement(
    QualifiedName Table,
    Identifier? Alias,
    Expression? Where,
    TextSpan Span) : Statement(Span);
