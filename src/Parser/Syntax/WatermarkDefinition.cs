using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>WATERMARK FOR column AS expr</c>: the watermark is <see cref="Expression"/> evaluated over rows, taken as a running maximum.</summary>
public sealed record WatermarkDefinition(Identifier Column, Expression Expression, TextSpan Span) : SyntaxNode(Span);
