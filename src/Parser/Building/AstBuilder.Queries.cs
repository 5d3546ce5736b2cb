using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using static StreamSql.Parser.Generated.StreamSqlParser;

namespace StreamSql.Parser.Building;

internal sealed partial class AstBuilder
{
    private Query Query(QueryContext c)
    {
        var with = c.withClause() is { } w ? With(w) : null;
        ImmutableArray<OrderByItem> orderBy = c.orderByClause() is { } o ? OrderBy(o) : [];
        Expression? limit = null, offset = null;
        if (c.limitClause() is { } l)
        {
            if (l.limit is { } limitValue && limitValue.expr() is { } limitExpr)
                limit = Expr(limitExpr);
            if (l.offset is { } offsetExpr)
                offset = Expr(offsetExpr);
        }
        return new Query(with, QueryBody(c.queryBody()), orderBy, limit, offset, Span(c));
    }

    private WithClause With(WithClauseContext c) =>
        new(c.RECURSIVE() is not null,
            [.. c.commonTableExpression().Select(t => new CommonTableExpression(Identifier(t.identifier()), ColumnList(t.columnList()), Query(t.query()), Span(t)))],
            Span(c));

    private QueryBody QueryBody(QueryBodyContext context)
    {
        Descend(context);
        try
        {
            return QueryBodyCore(context);
        }
        finally
        {
            _depth--;
        }
    }

    private QueryBody QueryBodyCore(QueryBodyContext context) => context switch
    {
        PrimaryBodyContext c => QueryPrimary(c.queryPrimary()),
        IntersectBodyContext c => new SetOperationBody(QueryBody(c.left), SetOperator.Intersect, c.setQuantifier()?.ALL() is not null, QueryBody(c.right), Span(c)),
        UnionBodyContext c => new SetOperationBody(QueryBody(c.left), c.op.Type == UNION ? SetOperator.Union : SetOperator.Except,
            c.setQuantifier()?.ALL() is not null, QueryBody(c.right), Span(c)),
        _ => throw Unexpected(context),
    };

    private QueryBody QueryPrimary(QueryPrimaryContext context) => context switch
    {
        SelectPrimaryContext c => Select(c.selectCore()),
        ValuesPrimaryContext c => Values(c.valuesClause()),
        // TABLE t is SELECT * FROM t, as in PostgreSQL.
        TableShorthandPrimaryContext c => new SelectBody(false, [], [new StarSelectItem(null, Span(c))],
            [new NamedTableReference(QualifiedName(c.qualifiedName()), null, Span(c.qualifiedName()))], null, [], null, [], Span(c)),
        NestedPrimaryContext c => new NestedQueryBody(Query(c.query()), Span(c)),
        _ => throw Unexpected(context),
    };

    private SelectBody Select(SelectCoreContext c)
    {
        bool distinct = c.selectQuantifier() is DistinctQuantifierContext or DistinctOnQuantifierContext;
        ImmutableArray<Expression> distinctOn = c.selectQuantifier() is DistinctOnQuantifierContext on ? ExprList(on.exprList()) : [];
        var items = c.selectItem().Select(SelectItem).ToImmutableArray();
        ImmutableArray<TableReference> from = c.fromClause() is { } f ? [.. f.tableReference().Select(TableReference)] : [];
        var groupBy = c.expr().Where(e => e != c.where && e != c.having).Select(Expr).ToImmutableArray();
        var windows = c.namedWindow()
            .Select(w => new NamedWindow(Identifier(w.identifier()), WindowSpecification(w.windowSpecification()), Span(w)))
            .ToImmutableArray();
        return new SelectBody(distinct, distinctOn, items, from,
            c.where is { } where ? Expr(where) : null,
            groupBy,
            c.having is { } having ? Expr(having) : null,
            windows, Span(c));
    }

    private ValuesBody Values(ValuesClauseContext c) =>
        new([.. c.valuesRow().Select(r => ExprList(r.exprList()))], Span(c));

    private SelectItem SelectItem(SelectItemContext context) => context switch
    {
        StarItemContext c => new StarSelectItem(null, Span(c)),
        QualifiedStarItemContext c => new StarSelectItem(QualifiedName(c.qualifiedName()), Span(c)),
        ExpressionItemContext c => new ExpressionSelectItem(Expr(c.expr()), Alias(c.anyIdentifier(), c.bareIdentifier()), Span(c)),
        _ => throw Unexpected(context),
    };

    private static Identifier? Alias(AnyIdentifierContext? afterAs, BareIdentifierContext? bare) =>
        afterAs is not null ? IdentifierToken(afterAs.Start, Span(afterAs))
        : bare is not null ? IdentifierToken(bare.Start, Span(bare))
        : null;

    private TableReference TableReference(TableReferenceContext context)
    {
        Descend(context);
        try
        {
            return TableReferenceCore(context);
        }
        finally
        {
            _depth--;
        }
    }

    private TableReference TableReferenceCore(TableReferenceContext context)
    {
        switch (context)
        {
            case PrimaryTableContext c:
                return TablePrimary(c.tablePrimary());
            case CrossJoinContext c:
                return new JoinTableReference(TableReference(c.left), Syntax.JoinKind.Cross, TablePrimary(c.right), null, [], false, Span(c));
            case NaturalJoinContext c:
                return new JoinTableReference(TableReference(c.left), JoinKind(c.joinType()), TablePrimary(c.right), null, [], true, Span(c));
            case QualifiedJoinContext c:
                var left = TableReference(c.left);
                var kind = JoinKind(c.joinType());
                var right = TablePrimary(c.right);
                return c.joinSpec() switch
                {
                    OnJoinSpecContext on => new JoinTableReference(left, kind, right, Expr(on.expr()), [], false, Span(c)),
                    UsingJoinSpecContext usingSpec => new JoinTableReference(left, kind, right, null, ColumnList(usingSpec.columnList()), false, Span(c)),
                    var other => throw Unexpected(other),
                };
            default:
                throw Unexpected(context);
        }
    }

    private static JoinKind JoinKind(JoinTypeContext? context) => context switch
    {
        null or InnerJoinContext => Syntax.JoinKind.Inner,
        LeftJoinContext => Syntax.JoinKind.Left,
        RightJoinContext => Syntax.JoinKind.Right,
        FullJoinContext => Syntax.JoinKind.Full,
        _ => throw Unexpected(context),
    };

    private TableReference TablePrimary(TablePrimaryContext context)
    {
        switch (context)
        {
            case NamedTableContext c:
                return new NamedTableReference(QualifiedName(c.qualifiedName()), TableAlias(c.tableAlias()), Span(c));
            case SubqueryTableContext c:
                return new SubqueryTableReference(Query(c.query()), c.LATERAL() is not null, TableAlias(c.tableAlias()), Span(c));
            case FunctionTableContext c:
                var function = FunctionCall(c.functionCall());
                bool lateral = c.LATERAL() is not null;
                bool ordinality = c.ORDINALITY() is not null;
                var alias = TableAlias(c.tableAlias());
                if (!lateral && !ordinality && WindowKind(function) is { } windowKind)
                    return WindowTable(windowKind, function, alias, Span(c));
                return new FunctionTableReference(function, lateral, ordinality, alias, Span(c));
            case ParenthesizedTableContext c:
                return TableReference(c.tableReference());
            default:
                throw Unexpected(context);
        }
    }

    private static WindowFunctionKind? WindowKind(FunctionCallExpression function)
    {
        if (function.Name.Parts.Length != 1 || function.IsStar || function.Distinct || function.Filter is not null || function.Over is not null || !function.OrderBy.IsEmpty)
            return null;
        return function.Name.Name is { IsQuoted: false, Name: var name } ? name switch
        {
            "tumble" => WindowFunctionKind.Tumble,
            "hop" => WindowFunctionKind.Hop,
            "session" => WindowFunctionKind.Session,
            _ => null,
        } : null;
    }

    /// <summary>
    /// TUMBLE / HOP / SESSION read like calls; their first argument names a relation (or is a
    /// subquery) and the second the time column. Arity and argument types are the binder's to check.
    /// </summary>
    private static WindowTableReference WindowTable(WindowFunctionKind kind, FunctionCallExpression function, TableAlias? alias, TextSpan span)
    {
        string name = kind.ToString().ToUpperInvariant();
        if (function.Arguments.Length < 2)
        {
            throw Error(DiagnosticCodes.SyntaxError, function.Span,
                $"{name} expects a table, its time column and the window {(kind == WindowFunctionKind.Session ? "gap" : "size")}, e.g. {name}(t, ts, INTERVAL '1' MINUTE)");
        }
        var first = function.Arguments[0];
        TableReference input = first switch
        {
            ColumnReferenceExpression column => new NamedTableReference(new QualifiedName(column.Parts, column.Span), null, column.Span),
            SubqueryExpression subquery => new SubqueryTableReference(subquery.Query, false, null, subquery.Span),
            _ => throw Error(DiagnosticCodes.SyntaxError, first.Span, $"expected a table name or a (subquery) as the first argument of {name}"),
        };
        return new WindowTableReference(kind, input, function.Arguments[1], function.Arguments[2..], alias, span);
    }

    private TableAlias? TableAlias(TableAliasContext? context)
    {
        if (context is null)
            return null;
        var name = Alias(context.anyIdentifier(), context.bareIdentifier())!;
        return new TableAlias(name, ColumnList(context.columnList()), Span(context));
    }

    private ImmutableArray<OrderByItem> OrderBy(OrderByClauseContext c) =>
        [.. c.orderItem().Select(OrderItem)];

    private OrderByItem OrderItem(OrderItemContext c)
    {
        var direction = c.direction is null ? SortDirection.Default : c.direction.Type == ASC ? SortDirection.Ascending : SortDirection.Descending;
        var nulls = c.nulls is null ? NullsOrder.Default : c.nulls.Type == FIRST ? NullsOrder.First : NullsOrder.Last;
        return new OrderByItem(Expr(c.expr()), direction, nulls, Span(c));
    }

    private WindowSpecification WindowSpecification(WindowSpecificationContext c)
    {
        var baseWindow = c.baseWindow is { } b ? Identifier(b) : null;
        ImmutableArray<Expression> partitionBy = c.exprList() is { } p ? ExprList(p) : [];
        ImmutableArray<OrderByItem> orderBy = c.orderByClause() is { } o ? OrderBy(o) : [];
        WindowFrame? frame = null;
        if (c.windowFrame() is { } f)
        {
            var unit = f.unit.Type switch
            {
                ROWS => FrameUnit.Rows,
                RANGE => FrameUnit.Range,
                _ => FrameUnit.Groups,
            };
            frame = new WindowFrame(unit, FrameBound(f.start), f.end is { } end ? FrameBound(end) : null, Span(f));
        }
        return new WindowSpecification(baseWindow, partitionBy, orderBy, frame, Span(c));
    }

    private FrameBound FrameBound(FrameBoundContext context) => context switch
    {
        UnboundedPrecedingBoundContext c => new FrameBound(FrameBoundKind.UnboundedPreceding, null, Span(c)),
        UnboundedFollowingBoundContext c => new FrameBound(FrameBoundKind.UnboundedFollowing, null, Span(c)),
        CurrentRowBoundContext c => new FrameBound(FrameBoundKind.CurrentRow, null, Span(c)),
        OffsetBoundContext c => new FrameBound(c.direction.Type == PRECEDING ? FrameBoundKind.Preceding : FrameBoundKind.Following, Value(c.valueExpr()), Span(c)),
        _ => throw Unexpected(context),
    };
}
