using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>Base of every statement; the span covers the statement's text without the closing <c>;</c>.</summary>
public abstract record Statement(TextSpan Span) : SyntaxNode(Span);
