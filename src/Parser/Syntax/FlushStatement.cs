using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>FLUSH</c>: returns when everything written before it is reflected in every view.</summary>
public sealed record FlushStatement(
    TextSpan Span) : Statement(Span);
