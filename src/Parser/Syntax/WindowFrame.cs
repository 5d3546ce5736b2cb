using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>ROWS | RANGE | GROUPS [BETWEEN] start [AND end]</c>; <see cref="End"/> is null for the short form.</summary>
public sealed record WindowFrame(FrameUnit Unit, FrameBound Start, FrameBound? End, TextSpan Span) : SyntaxNode(Span);
