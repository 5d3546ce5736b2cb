using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>[CONSTRAINT name] CHECK (condition)</c>, on a column or as a table element (both mean the same).</summary>
public sealed record CheckConstraint(Identifier? Name, Expression Condition, TextSpan Span) : TableConstraint(Name, Span);
