using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(cols)] AS query</c>: not materialized, inlined where used.</summary>
public sealed record CreateViewStatement(
    QualifiedName Name,
    bool OrReplace,
    bool IfNotExists,
    ImmutableArray<Identifier> Columns,
    Query Query,
    TextSpan Span) : Statement(Span);
