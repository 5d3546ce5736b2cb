using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>WITH [RECURSIVE] name [(cols)] AS (query), ...</c>.</summary>
public sealed record WithClause(bool Recursive, ImmutableArray<CommonTableExpression> Tables, TextSpan Span) : SyntaxNode(Span);
