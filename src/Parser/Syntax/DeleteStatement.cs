using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>DELETE FROM table [[AS] alias] [WHERE cond] [RETURNING items]</c> (RETURNING: over the deleted rows).</summary>
public sealed record DeleteStatement(
    QualifiedName Table,
    Identifier? Alias,
    Expression? Where,
    ImmutableArray<SelectItem> Returning,
    TextSpan Span) : Statement(Span);
