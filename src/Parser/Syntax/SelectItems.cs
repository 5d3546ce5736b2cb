using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

// The select list item family.

public abstract record SelectItem(TextSpan Span) : SyntaxNode(Span);

/// <summary><c>expr [[AS] alias]</c>.</summary>
public sealed record ExpressionSelectItem(Expression Expression, Identifier? Alias, TextSpan Span) : SelectItem(Span);

/// <summary><c>*</c> (no <see cref="Qualifier"/>) or <c>t.*</c>.</summary>
public sealed record StarSelectItem(QualifiedName? Qualifier, TextSpan Span) : SelectItem(Span);
