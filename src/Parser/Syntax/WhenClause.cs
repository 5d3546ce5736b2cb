using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>WHEN condition THEN result</c> of a CASE.</summary>
public sealed record WhenClause(Expression Condition, Expression Result, TextSpan Span) : SyntaxNode(Span);
