using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>FORMAT JSON | CSV [(options)] | TEXT</c> of a source or sink.</summary>
public sealed record FormatClause(DataFormat Format, ImmutableArray<WithOption> Options, TextSpan Span) : SyntaxNode(Span);
