using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// <c>ON CONFLICT [(col, ...) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET col = value, ... [WHERE cond]</c>
/// of an INSERT: what happens to a proposed row whose key a row of the table already has. No
/// <see cref="Columns"/> and no <see cref="Constraint"/>: no conflict target (DO NOTHING only).
/// <see cref="Assignments"/> is empty for DO NOTHING.
/// </summary>
public sealed record OnConflict(
    ImmutableArray<Identifier> Columns,
    Identifier? Constraint,
    bool DoUpdate,
    ImmutableArray<Assignment> Assignments,
    Expression? Where,
    TextSpan Span) : SyntaxNode(Span);
