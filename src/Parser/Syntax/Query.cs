using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// A complete query: optional WITH, a body (SELECT, VALUES or a set operation), then ORDER BY,
/// LIMIT and OFFSET that apply to the whole body. Used for statements, subqueries, CTEs and views.
/// </summary>
public sealed record Query(
    WithClause? With,
    QueryBody Body,
    ImmutableArray<OrderByItem> OrderBy,
    Expression? Limit,
    Expression? Offset,
    TextSpan Span) : SyntaxNode(Span);
