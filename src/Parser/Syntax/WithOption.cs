using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// One <c>key = value</c> of a <c>WITH (...)</c> or <c>FORMAT CSV (...)</c> list. <see cref="Key"/> is
/// normalized: unquoted (possibly dotted) names are lower case and joined with '.', a quoted
/// <c>'bootstrap.servers'</c> key is kept as written. <see cref="Value"/> is usually a literal;
/// a bare word (<c>format = plain</c>) is a <see cref="ColumnReferenceExpression"/>; it is null for
/// a flag written without a value (<c>COPY ... WITH (HEADER)</c>).
/// </summary>
public sealed record WithOption(string Key, Expression? Value, TextSpan Span) : SyntaxNode(Span);
