using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>The table form <c>PRIMARY KEY (a, b)</c>.</summary>
public sealed record PrimaryKeyConstraint(ImmutableArray<Identifier> Columns, TextSpan Span) : SyntaxNode(Span);
