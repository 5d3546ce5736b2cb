using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>A query run as a statement: SELECT, VALUES or a set operation, with WITH, ORDER BY, LIMIT and OFFSET (all in <see cref="Query"/>).</summary>
public sealed record QueryStatement(
    Query Query,
    TextSpan Span) : Statement(Span);
