using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>column = value</c> in UPDATE ... SET.</summary>
public sealed record Assignment(Identifier Column, Expression Value, TextSpan Span) : SyntaxNode(Span);
