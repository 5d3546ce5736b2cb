using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

// The expression node family. Parentheses used only for grouping leave no node: the tree shape
// carries the precedence, and the formatter puts parentheses back where they are needed.

/// <summary>Base of every value expression.</summary>
public abstract record Expression(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// A literal. <see cref="Value"/> is the decoded text: the string's characters (quotes and
/// <c>E''</c> escapes resolved), the number as written, <c>true</c>/<c>false</c>, or empty for NULL.
/// </summary>
public sealed record LiteralExpression(LiteralKind Kind, string Value, TextSpan Span) : Expression(Span);

/// <summary>A typed string literal such as <c>TIMESTAMP '2024-01-01 10:00:00'</c> or <c>DATE '2024-01-01'</c>.</summary>
public sealed record TypedLiteralExpression(TypeName Type, string Value, TextSpan Span) : Expression(Span);

/// <summary>
/// An interval literal: <c>INTERVAL '1 hour'</c> (no unit), <c>INTERVAL '5' SECOND</c> (<see cref="Unit"/>),
/// <c>INTERVAL '1 02:00' DAY TO MINUTE</c> (<see cref="Unit"/> and <see cref="ToUnit"/>).
/// </summary>
public sealed record IntervalLiteralExpression(string Value, IntervalUnit? Unit, IntervalUnit? ToUnit, TextSpan Span) : Expression(Span);

/// <summary>A column reference, possibly qualified: <c>x</c>, <c>t.x</c>, <c>s.t.x</c>.</summary>
public sealed record ColumnReferenceExpression(ImmutableArray<Identifier> Parts, TextSpan Span) : Expression(Span)
{
    public Identifier Column => Parts[^1];

    /// <summary>The table (and schema) qualifier; empty when unqualified.</summary>
    public ImmutableArray<Identifier> Qualifier => Parts.RemoveAt(Parts.Length - 1);
}

/// <summary>A positional parameter <c>$n</c> (1-based).</summary>
public sealed record ParameterExpression(int Index, TextSpan Span) : Expression(Span);

/// <summary>A prefix operator: <c>-x</c>, <c>+x</c>, <c>NOT x</c>, <c>~x</c>.</summary>
public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand, TextSpan Span) : Expression(Span);

/// <summary>
/// An infix operator. <see cref="OperatorSchema"/> is set when written as
/// <c>OPERATOR(pg_catalog.~)</c>: same operator, explicitly qualified.
/// </summary>
public sealed record BinaryExpression(Expression Left, BinaryOperator Operator, Expression Right, TextSpan Span, Identifier? OperatorSchema = null) : Expression(Span);

/// <summary><c>x IS [NOT] NULL | TRUE | FALSE | UNKNOWN</c>.</summary>
public sealed record IsExpression(Expression Operand, IsTest Test, bool Negated, TextSpan Span) : Expression(Span);

/// <summary><c>x IS [NOT] DISTINCT FROM y</c>.</summary>
public sealed record IsDistinctFromExpression(Expression Left, Expression Right, bool Negated, TextSpan Span) : Expression(Span);

/// <summary><c>x [NOT] BETWEEN [SYMMETRIC] low AND high</c>.</summary>
public sealed record BetweenExpression(Expression Operand, Expression Low, Expression High, bool Negated, bool Symmetric, TextSpan Span) : Expression(Span);

/// <summary><c>x [NOT] LIKE | ILIKE pattern [ESCAPE e]</c>.</summary>
public sealed record LikeExpression(Expression Operand, Expression Pattern, Expression? Escape, bool Negated, bool CaseInsensitive, TextSpan Span) : Expression(Span);

/// <summary><c>x [NOT] IN (a, b, ...)</c>.</summary>
public sealed record InListExpression(Expression Operand, ImmutableArray<Expression> Items, bool Negated, TextSpan Span) : Expression(Span);

/// <summary><c>x [NOT] IN (SELECT ...)</c>.</summary>
public sealed record InSubqueryExpression(Expression Operand, Query Query, bool Negated, TextSpan Span) : Expression(Span);

/// <summary><c>EXISTS (SELECT ...)</c>.</summary>
public sealed record ExistsExpression(Query Query, TextSpan Span) : Expression(Span);

/// <summary>A scalar subquery <c>(SELECT ...)</c>.</summary>
public sealed record SubqueryExpression(Query Query, TextSpan Span) : Expression(Span);

/// <summary><c>ARRAY(SELECT ...)</c>: the rows of a one-column subquery as an array.</summary>
public sealed record ArraySubqueryExpression(Query Query, TextSpan Span) : Expression(Span);

/// <summary>
/// <c>x op ANY | SOME | ALL (array)</c> or <c>x op ANY (SELECT ...)</c>; in the second form
/// <see cref="Right"/> is a <see cref="SubqueryExpression"/> and means the subquery's rows.
/// </summary>
public sealed record QuantifiedComparisonExpression(Expression Left, BinaryOperator Operator, Quantifier Quantifier, Expression Right, TextSpan Span) : Expression(Span);

/// <summary>
/// A function call: <c>f(a, b)</c>, <c>count(*)</c>, <c>count(DISTINCT x)</c>,
/// <c>string_agg(x, ',' ORDER BY y)</c>, <c>sum(x) FILTER (WHERE c)</c>, <c>row_number() OVER (...)</c>.
/// SQL forms with keywords inside are normalized to plain calls: <c>EXTRACT(f FROM x)</c> is
/// <c>extract('f', x)</c>, <c>SUBSTRING(s FROM a FOR b)</c> is <c>substring(s, a, b)</c>,
/// <c>POSITION(a IN b)</c> is <c>position(a, b)</c>, <c>TRIM(LEADING c FROM s)</c> is <c>ltrim(s, c)</c>,
/// <c>x AT TIME ZONE z</c> is <c>timezone(z, x)</c> (as in PostgreSQL). Named arguments are
/// <see cref="NamedArgumentExpression"/>s among <see cref="Arguments"/>.
/// </summary>
public sealed record FunctionCallExpression(
    QualifiedName Name,
    ImmutableArray<Expression> Arguments,
    bool Distinct,
    bool IsStar,
    ImmutableArray<OrderByItem> OrderBy,
    Expression? Filter,
    WindowSpecification? Over,
    TextSpan Span) : Expression(Span);

/// <summary>A named argument <c>name => value</c> in a function call, e.g. <c>make_interval(hours => 1)</c>.</summary>
public sealed record NamedArgumentExpression(Identifier Name, Expression Value, TextSpan Span) : Expression(Span);

/// <summary>A keyword that reads a session or clock value without parentheses: <c>CURRENT_TIMESTAMP</c>, <c>CURRENT_DATE</c>, <c>CURRENT_USER</c>...; <see cref="Name"/> is lower case.</summary>
public sealed record KeywordFunctionExpression(string Name, TextSpan Span) : Expression(Span);

/// <summary><c>CASE [operand] WHEN ... THEN ... [ELSE ...] END</c>.</summary>
public sealed record CaseExpression(Expression? Operand, ImmutableArray<WhenClause> WhenClauses, Expression? Else, TextSpan Span) : Expression(Span);

/// <summary><c>CAST(x AS t)</c> or <c>x::t</c> (<see cref="Syntax"/> keeps which, for formatting).</summary>
public sealed record CastExpression(Expression Operand, TypeName Type, CastSyntax Syntax, TextSpan Span) : Expression(Span);

/// <summary><c>ARRAY[a, b]</c> (nested brackets inside it are arrays too).</summary>
public sealed record ArrayExpression(ImmutableArray<Expression> Elements, TextSpan Span) : Expression(Span);

/// <summary><c>a[i]</c>, or a slice <c>a[lo:hi]</c> (either bound may be missing) when <see cref="IsSlice"/>.</summary>
public sealed record SubscriptExpression(Expression Operand, Expression? Index, Expression? UpperBound, bool IsSlice, TextSpan Span) : Expression(Span);

/// <summary><c>(composite).field</c>.</summary>
public sealed record FieldAccessExpression(Expression Operand, Identifier Field, TextSpan Span) : Expression(Span);

/// <summary><c>x COLLATE name</c>.</summary>
public sealed record CollateExpression(Expression Operand, QualifiedName Collation, TextSpan Span) : Expression(Span);

/// <summary>A row constructor: <c>(a, b)</c> or <c>ROW(a, b)</c> (<see cref="ExplicitRow"/>).</summary>
public sealed record RowExpression(ImmutableArray<Expression> Elements, bool ExplicitRow, TextSpan Span) : Expression(Span);

/// <summary><c>DEFAULT</c> in an INSERT's VALUES or an UPDATE's SET.</summary>
public sealed record DefaultExpression(TextSpan Span) : Expression(Span);
