using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>An ORDER BY key; <see cref="SortDirection.Default"/> and <see cref="NullsOrder.Default"/> mean "not written".</summary>
public sealed record OrderByItem(Expression Expression, SortDirection Direction, NullsOrder Nulls, TextSpan Span) : SyntaxNode(Span);
