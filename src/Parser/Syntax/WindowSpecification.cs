using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// <c>OVER (PARTITION BY ... ORDER BY ... [frame])</c>, or <c>OVER name</c> / <c>OVER (name ...)</c>
/// referring to a WINDOW clause entry (<see cref="BaseWindow"/>).
/// </summary>
public sealed record WindowSpecification(
    Identifier? BaseWindow,
    ImmutableArray<Expression> PartitionBy,
    ImmutableArray<OrderByItem> OrderBy,
    WindowFrame? Frame,
    TextSpan Span) : SyntaxNode(Span);
