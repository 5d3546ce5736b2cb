using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// Base of every syntax tree node. Nodes are immutable; <see cref="Span"/> covers the node's text in
/// the script it was parsed from (a default span for nodes built in code).
/// </summary>
public abstract record SyntaxNode(TextSpan Span);
