using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CREATE SINK [IF NOT EXISTS] name FROM relation | AS query WITH (...) [FORMAT ...]</c>; exactly one of <see cref="From"/> and <see cref="Query"/> is set.</summary>
public sealed record CreateSinkStatement(
    QualifiedName Name,
    bool IfNotExists,
    QualifiedName? From,
    Query? Query,
    ImmutableArray<WithOption> Options,
    FormatClause? Format,
    TextSpan Span) : Statement(Span);
