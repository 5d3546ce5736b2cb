using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>UPDATE table [[AS] alias] SET col = value, ... [WHERE cond] [RETURNING items]</c>.</summary>
public sealed record UpdateStatement(
    QualifiedName Table,
    Identifier? Alias,
    ImmutableArray<Assignment> Assignments,
    Expression? Where,
    ImmutableArray<SelectItem> Returning,
    TextSpan Span) : Statement(Span);
