using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

// The FROM item family.

public abstract record TableReference(TextSpan Span) : SyntaxNode(Span);

/// <summary>A table, source or view by name: <c>t</c>, <c>s.t AS x(a, b)</c>.</summary>
public sealed record NamedTableReference(QualifiedName Name, TableAlias? Alias, TextSpan Span) : TableReference(Span);

/// <summary><c>[LATERAL] (query) [AS] alias</c>, including <c>(VALUES ...)</c>.</summary>
public sealed record SubqueryTableReference(Query Query, bool Lateral, TableAlias? Alias, TextSpan Span) : TableReference(Span);

/// <summary>
/// A function in FROM: <c>[LATERAL] unnest(arr) [WITH ORDINALITY] [AS] t(v, i)</c>,
/// <c>generate_series(1, 10)</c>, or any other set-returning function.
/// </summary>
public sealed record FunctionTableReference(FunctionCallExpression Function, bool Lateral, bool WithOrdinality, TableAlias? Alias, TextSpan Span) : TableReference(Span);

/// <summary>
/// A window table function: <c>TUMBLE(input, time_col, size [, offset])</c>,
/// <c>HOP(input, time_col, slide, size [, offset])</c>, <c>SESSION(input, time_col, gap)</c>.
/// <see cref="Arguments"/> are the arguments after the time column, in written order.
/// </summary>
public sealed record WindowTableReference(
    WindowFunctionKind Kind,
    TableReference Input,
    Expression TimeColumn,
    ImmutableArray<Expression> Arguments,
    TableAlias? Alias,
    TextSpan Span) : TableReference(Span);

/// <summary>
/// <c>left [NATURAL] [INNER | LEFT | RIGHT | FULL] JOIN right ON cond | USING (cols)</c> or
/// <c>left CROSS JOIN right</c>; <see cref="Condition"/> is null and <see cref="Using"/> empty for CROSS or NATURAL.
/// </summary>
public sealed record JoinTableReference(
    TableReference Left,
    JoinKind Kind,
    TableReference Right,
    Expression? Condition,
    ImmutableArray<Identifier> Using,
    bool Natural,
    TextSpan Span) : TableReference(Span);
