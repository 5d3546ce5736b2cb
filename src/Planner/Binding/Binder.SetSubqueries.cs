using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// <c>x [NOT] IN (subquery)</c>, <c>EXISTS (subquery)</c> and <c>ARRAY(subquery)</c> whose subquery reads
    /// no column of the enclosing query, rewritten into scalar subqueries over an aggregate of it, which are
    /// bound like any other (a single row joined on true, kept up to date in a view):
    /// <code>
    /// x IN (q)       x = ANY (COALESCE((SELECT array_agg(c) FROM (q) AS s(c)), '{}'))
    /// EXISTS (q)     (SELECT count(*) FROM (q) AS s) > 0
    /// ARRAY(q)       COALESCE((SELECT array_agg(c [ORDER BY c]) FROM (q) AS s(c)), '{}')
    /// </code>
    /// so NULLs behave as in PostgreSQL: <c>x IN</c> a set with a NULL and no match is NULL, <c>NOT IN</c> too,
    /// and an empty set gives false (IN), true (NOT IN), an empty array (ARRAY). A correlated subquery is
    /// rewritten the same way: the scalar subquery then reads a correlated derived table, and both are bound
    /// over the domain of outer values they read (count over no rows still 0, array_agg NULL).
    /// </summary>
    private BoundExpression BindSetSubquery(Expression expression, ExpressionContext context)
    {
        var query = expression switch
        {
            InSubqueryExpression e => e.Query,
            ExistsExpression e => e.Query,
            ArraySubqueryExpression e => e.Query,
            _ => throw new ArgumentException("not a set subquery", nameof(expression)),
        };
        var span = expression.Span;
        // A correlated subquery is bound over its domain once rewritten (see BindCorrelatedScalar); its width is
        // that of its select list.
        var width = TryBindUncorrelated(query, context.Subqueries!.Mode) is { } bound ? bound.Scope.Columns.Count(c => !c.Hidden)
            : query.Body is SelectBody { Items: var items } && items.All(i => i is ExpressionSelectItem) ? items.Length
            : 1;
        if (expression is not ExistsExpression && width != 1)
            throw Error(DiagnosticCodes.SyntaxError, query.Span, "subquery must return only one column");

        Identifier Name(string name) => new(name, false, span);
        ColumnReferenceExpression Column() => new([Name("?c")], span);
        FunctionCallExpression Call(string name, ImmutableArray<Expression> args, ImmutableArray<OrderByItem> orderBy = default, bool star = false) =>
            new(new QualifiedName([Name(name)], span), args, false, star, orderBy.IsDefault ? [] : orderBy, null, null, span);
        Expression Scalar(Expression aggregate, Query inner, bool named) =>
            new SubqueryExpression(
                new Query(null,
                    new SelectBody(false, [], [new ExpressionSelectItem(aggregate, null, span)],
                        [new SubqueryTableReference(inner, false, new TableAlias(Name("?s"), named ? [Name("?c")] : [], span), span)],
                        null, [], null, [], span),
                    [], null, null, span),
                span);
        Expression EmptyArrayIfNull(Expression array) =>
            Call("coalesce", [array, new LiteralExpression(LiteralKind.String, "{}", span)]);

        Expression rewritten;
        switch (expression)
        {
            case InSubqueryExpression @in:
                {
                    var any = new QuantifiedComparisonExpression(@in.Operand, BinaryOperator.Equal, Quantifier.Any,
                        EmptyArrayIfNull(Scalar(Call("array_agg", [Column()]), query, named: true)), span);
                    rewritten = @in.Negated ? new UnaryExpression(UnaryOperator.Not, any, span) : any;
                    break;
                }

            case ExistsExpression:
                rewritten = new BinaryExpression(Scalar(Call("count", [], star: true), query, named: false), BinaryOperator.Greater,
                    new LiteralExpression(LiteralKind.Integer, "0", span), span);
                break;
            default:
                {
                    // The subquery's own ORDER BY orders the array when it sorts by its one column; the rows
                    // of a subquery are otherwise unordered, so any other ORDER BY (without LIMIT) is refused.
                    var inner = query;
                    ImmutableArray<OrderByItem> order = [];
                    if (!query.OrderBy.IsEmpty && query.Limit is null && query.Offset is null)
                    {
                        if (query.OrderBy.Length != 1 || !SortsByOnlyColumn(query, query.OrderBy[0].Expression))
                            throw Error(DiagnosticCodes.FeatureNotSupported, query.OrderBy[0].Span, "ARRAY(subquery) ordered by anything but its column");
                        order = [query.OrderBy[0] with { Expression = Column() }];
                        inner = query with { OrderBy = [] };
                    }

                    rewritten = EmptyArrayIfNull(Scalar(Call("array_agg", [Column()], order), inner, named: true));
                    break;
                }
        }

        return Bind(rewritten, context);
    }

    /// <summary>True when <paramref name="sort"/> is <c>1</c>, or the select item itself, or its alias.</summary>
    private static bool SortsByOnlyColumn(Query query, Expression sort)
    {
        if (sort is LiteralExpression { Kind: LiteralKind.Integer, Value: "1" })
            return true;
        if (query.Body is not SelectBody { Items: [ExpressionSelectItem item] })
            return false;
        if (item.Alias is { } alias && sort is ColumnReferenceExpression { Parts: [var only] } && only.Name == alias.Name)
            return true;
        return Parser.Formatting.SqlFormatter.Format(sort) == Parser.Formatting.SqlFormatter.Format(item.Expression);
    }
}
