using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// A type as written: <c>INT</c>, <c>NUMERIC(10, 2)</c>, <c>TEXT[]</c>, <c>pg_catalog.regclass</c>, <c>"char"</c>.
/// Multi-word SQL types are normalized to one lower-case name with single spaces
/// (<c>double precision</c>, <c>timestamp with time zone</c>, <c>character varying</c>), so the
/// binder looks types up by <see cref="QualifiedName.Name"/> alone. A quoted name (<c>"char"</c>) keeps
/// <see cref="Identifier.IsQuoted"/> because it names a different type than the keyword.
/// </summary>
public sealed record TypeName(
    QualifiedName Name,
    ImmutableArray<Expression> Modifiers,
    int ArrayDimensions,
    TextSpan Span) : SyntaxNode(Span);
