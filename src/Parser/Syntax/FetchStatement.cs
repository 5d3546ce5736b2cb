using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>FETCH [NEXT | FORWARD] [n | ALL] [FROM | IN] cursor [WITH (timeout = '1s')]</c>; <see cref="Count"/> is null when neither n nor ALL is written (one row).</summary>
public sealed record FetchStatement(
    Identifier Cursor,
    long? Count,
    bool All,
    ImmutableArray<WithOption> Options,
    TextSpan Span) : Statement(Span);
