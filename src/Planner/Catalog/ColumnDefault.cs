using StreamSql.Parser.Syntax;

namespace StreamSql.Planner;

/// <summary>
/// A column's <c>DEFAULT</c>: the expression as written, bound again (against no columns, converted to
/// the column's type) by each statement that fills the column, so that volatile parts such as <c>now()</c>
/// take that statement's value. <see cref="Text"/> and <see cref="PlainText"/> are what PostgreSQL's
/// <c>pg_get_expr</c> prints for it, pretty and plain.
/// </summary>
public sealed record ColumnDefault(Expression Expression, string Text, string PlainText);
