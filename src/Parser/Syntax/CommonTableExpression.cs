using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>One named query of a WITH clause; <see cref="Columns"/> is empty unless renamed.</summary>
public sealed record CommonTableExpression(Identifier Name, ImmutableArray<Identifier> Columns, Query Query, TextSpan Span) : SyntaxNode(Span);
