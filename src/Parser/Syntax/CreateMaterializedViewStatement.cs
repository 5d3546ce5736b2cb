using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(cols)] [WITH (...)] AS query [EMIT ON WINDOW CLOSE | EMIT ON UPDATE] [LATE DATA TO table]</c>.</summary>
public sealed record CreateMaterializedViewStatement(
    QualifiedName Name,
    bool IfNotExists,
    ImmutableArray<Identifier> Columns,
    ImmutableArray<WithOption> Options,
    Query Query,
    EmitMode Emit,
    QualifiedName? LateDataTo,
    TextSpan Span) : Statement(Span);
