using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>EXPLAIN [LOGICAL | PHYSICAL] statement</c>.</summary>
public sealed record ExplainStatement(
    ExplainKind Kind,
    Statement Statement,
    TextSpan Span) : Statement(Span);
