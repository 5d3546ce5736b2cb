using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>One end of a window frame; <see cref="Offset"/> is set for <c>n PRECEDING</c> and <c>n FOLLOWING</c>.</summary>
public sealed record FrameBound(FrameBoundKind Kind, Expression? Offset, TextSpan Span) : SyntaxNode(Span);
