using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// <c>INSERT INTO table [AS alias] [(cols)] VALUES ... | query [ON CONFLICT ...] [RETURNING ...]</c>; a VALUES list is a <see cref="Query"/> with a <see cref="ValuesBody"/>.
/// <c>INSERT INTO table DEFAULT VALUES</c> has no <see cref="Source"/> (and no columns). <see cref="Returning"/>:
/// the <c>RETURNING</c> list, empty without one.
/// </summary>
public sealed record InsertStatement(
    QualifiedName Table,
    Identifier? Alias,
    ImmutableArray<Identifier> Columns,
    Query? Source,
    OnConflict? Conflict,
    ImmutableArray<SelectItem> Returning,
    TextSpan Span) : Statement(Span);
