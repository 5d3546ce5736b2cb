using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>COPY (SUBSCRIBE ... | query) TO STDOUT</c>, <c>COPY table [(cols)] TO STDOUT | FROM STDIN [WITH (...)]</c>. Exactly one of <see cref="Table"/> and <see cref="Source"/> is set; <see cref="Source"/> is a <see cref="QueryStatement"/> or a <see cref="SubscribeStatement"/>. <see cref="Target"/> is STDOUT/STDIN (lower case) or a file name.</summary>
public sealed record CopyStatement(
    QualifiedName? Table,
    ImmutableArray<Identifier> Columns,
    Statement? Source,
    CopyDirection Direction,
    string Target,
    ImmutableArray<WithOption> Options,
    TextSpan Span) : Statement(Span);
