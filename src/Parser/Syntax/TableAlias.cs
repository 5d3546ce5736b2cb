using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>[AS] name [(col, ...)]</c> after a FROM item; <see cref="Columns"/> is empty unless renamed.</summary>
public sealed record TableAlias(Identifier Name, ImmutableArray<Identifier> Columns, TextSpan Span) : SyntaxNode(Span);
