using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// <c>INSERT INTO table [(cols)] VALUES ... | query</c>; a VALUES list is a <see cref="Query"/> with a <see cref="ValuesBody"/>.
/// <c>INSERT INTO table DEFAULT VALUES</c> has no <see cref="Source"/> (and no columns). <see cref="Returning"/>:
/// the <c>RETURNING</c> list, empty without one.
/// </summary>
public sealed record InsertStatement(
    QualifiedName Table,
    ImmutableArray<Identifier> Columns,
    Query? Source,
    ImmutableArray<SelectItem> Returning,
    TextSpan Span) : Statement(Span);
