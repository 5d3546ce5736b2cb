using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

// The query body family: what sits between WITH and ORDER BY.

public abstract record QueryBody(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>SELECT [DISTINCT | DISTINCT ON (...)] items [FROM ...] [WHERE] [GROUP BY] [HAVING] [WINDOW]</c>.
/// <see cref="From"/> lists comma-separated FROM items (an implicit cross join).
/// </summary>
public sealed record SelectBody(
    bool Distinct,
    ImmutableArray<Expression> DistinctOn,
    ImmutableArray<SelectItem> Items,
    ImmutableArray<TableReference> From,
    Expression? Where,
    ImmutableArray<Expression> GroupBy,
    Expression? Having,
    ImmutableArray<NamedWindow> Windows,
    TextSpan Span) : QueryBody(Span);

/// <summary><c>VALUES (a, b), (c, d)</c>.</summary>
public sealed record ValuesBody(ImmutableArray<ImmutableArray<Expression>> Rows, TextSpan Span) : QueryBody(Span);

/// <summary><c>left UNION | INTERSECT | EXCEPT [ALL] right</c>.</summary>
public sealed record SetOperationBody(QueryBody Left, SetOperator Operator, bool All, QueryBody Right, TextSpan Span) : QueryBody(Span);

/// <summary>A parenthesized query used as a body, e.g. <c>(SELECT ... LIMIT 1) UNION ...</c>.</summary>
public sealed record NestedQueryBody(Query Query, TextSpan Span) : QueryBody(Span);
