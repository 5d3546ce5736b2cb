using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>DROP SOURCE | TABLE | MATERIALIZED VIEW | VIEW | SINK [IF EXISTS] name, ... [CASCADE | RESTRICT]</c>.</summary>
public sealed record DropStatement(
    ObjectKind Kind,
    bool IfExists,
    ImmutableArray<QualifiedName> Names,
    bool Cascade,
    TextSpan Span) : Statement(Span);
