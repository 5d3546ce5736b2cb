using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>SUBSCRIBE [TO] relation | (query) [WITH (SNAPSHOT = ..., PROGRESS = ..., SINCE = ...)]</c>; exactly one of <see cref="Relation"/> and <see cref="Query"/> is set.</summary>
public sealed record SubscribeStatement(
    QualifiedName? Relation,
    Query? Query,
    ImmutableArray<WithOption> Options,
    TextSpan Span) : Statement(Span);
