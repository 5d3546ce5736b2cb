using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>[CONSTRAINT name] UNIQUE (columns)</c>; on a column, <c>UNIQUE</c> alone, whose column is that column.</summary>
public sealed record UniqueConstraint(Identifier? Name, ImmutableArray<Identifier> Columns, TextSpan Span) : TableConstraint(Name, Span);
