using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>TRUNCATE [TABLE] [ONLY] t [, ...] [CASCADE | RESTRICT]</c>: deletes every row of the tables.</summary>
public sealed record TruncateStatement(ImmutableArray<QualifiedName> Tables, TextSpan Span) : Statement(Span);
