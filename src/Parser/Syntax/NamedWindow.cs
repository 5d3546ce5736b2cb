using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>WINDOW name AS (spec)</c> in a SELECT.</summary>
public sealed record NamedWindow(Identifier Name, WindowSpecification Specification, TextSpan Span) : SyntaxNode(Span);
