using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// A constraint of CREATE TABLE other than the primary key, written on a column or as a table element;
/// <see cref="Name"/> is the <c>CONSTRAINT name</c> written before it, if any. Constraints keep the order
/// they are written in, columns' and table elements' interleaved, because PostgreSQL names the unnamed
/// ones in that order.
/// </summary>
public abstract record TableConstraint(Identifier? Name, TextSpan Span) : SyntaxNode(Span);
