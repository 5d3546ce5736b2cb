using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>RESET name</c> or <c>RESET ALL</c> (<see cref="Name"/> null).</summary>
public sealed record ResetStatement(
    QualifiedName? Name,
    TextSpan Span) : Statement(Span);
