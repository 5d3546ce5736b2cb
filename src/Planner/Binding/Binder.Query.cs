using System.Collections.Immutable;
using System.Globalization;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;
using SortKey = StreamSql.Planner.Logical.SortKey;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;
using SyntaxJoinKind = StreamSql.Parser.Syntax.JoinKind;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    private ImmutableDictionary<string, BoundRelation> ctes = ImmutableDictionary<string, BoundRelation>.Empty;

    /// <param name="domain">Set when the query is a correlated subquery bound over its domain: every output row
    /// then starts with the domain columns (see <see cref="CorrelatedDomain"/>).</param>
    private BoundRelation BindQuery(Query query, QueryMode mode, CorrelatedDomain? domain = null)
    {
        var saved = ctes;
        try
        {
            if (query.With is { } with)
            {
                if (with.Recursive)
                {
                    throw Error(DiagnosticCodes.FeatureNotSupported, with.Span, "WITH RECURSIVE");
                }

                foreach (var cte in with.Tables)
                {
                    var bound = BindQuery(cte.Query, mode);
                    bound = Rename(bound, cte.Name.Name, cte.Columns, cte.Span);
                    ctes = ctes.SetItem(cte.Name.Name, bound);
                }
            }

            if (domain is not null && (query.Limit ?? query.Offset) is { } limit)
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, limit.Span, "LIMIT or OFFSET in a subquery that reads columns of the enclosing query");
            }

            // Over a domain, ORDER BY is dropped: without LIMIT it does not change which rows a subquery has.
            if (query.Body is SelectBody select)
            {
                return BindSelect(select, domain is null ? query : query with { OrderBy = [] }, mode, domain);
            }

            var body = BindBody(query.Body, mode, domain);
            if (domain is not null)
            {
                return body;
            }

            return ApplyOrderAndLimit(body, query, mode, body.Plan.Schema.Length, []);
        }
        finally
        {
            ctes = saved;
        }
    }

    private BoundRelation BindBody(QueryBody body, QueryMode mode, CorrelatedDomain? domain = null) => body switch
    {
        SelectBody select => BindSelect(select, null, mode, domain),
        NestedQueryBody nested => BindQuery(nested.Query, mode, domain),
        ValuesBody values when domain is not null => CrossWithDomain(BindValues(values), domain),
        ValuesBody values => BindValues(values),
        SetOperationBody set => BindSetOperation(set, mode, domain),
        _ => throw Error(DiagnosticCodes.FeatureNotSupported, body.Span, "this query form"),
    };

    /// <summary>VALUES in a subquery bound over a domain: the same rows for every domain value.</summary>
    private static BoundRelation CrossWithDomain(BoundRelation relation, CorrelatedDomain domain)
    {
        domain.EmptyGroupValues = null;
        var plan = new LogicalJoin(domain.Relation.Plan, relation.Plan, LogicalJoinKind.Cross, [], null, JoinStrategy.Regular, null);
        return new BoundRelation(plan, Scope.FromColumns(null, plan.Schema.Select(c => (c.Name, c.Type))));
    }

    /// <param name="defaults">In INSERT ... VALUES, what <c>DEFAULT</c> in the c-th position stands for: that target column's default.</param>
    private BoundRelation BindValues(ValuesBody values, ImmutableArray<DataType> targetTypes = default, Func<int, BoundExpression>? defaults = null)
    {
        var context = new ExpressionContext(Scope.Empty, "VALUES");
        var rows = values.Rows.Select(r => r.Select((e, c) => e is DefaultExpression && defaults is not null && c < targetTypes.Length ? defaults(c) : Bind(e, context)).ToList()).ToList();
        var width = rows[0].Count;
        if (rows.Any(r => r.Count != width))
        {
            throw Error(DiagnosticCodes.SyntaxError, values.Span, "VALUES lists must all be the same length");
        }

        var types = new DataType[width];
        for (var c = 0; c < width; c++)
        {
            var columnTypes = rows.Select(r => r[c].Type).ToList();
            types[c] = !targetTypes.IsDefault && c < targetTypes.Length && columnTypes.All(t => t.Kind == TypeKind.Unknown)
                ? targetTypes[c]
                : CastRules.CommonType(columnTypes)
                    ?? throw Error(DiagnosticCodes.DatatypeMismatch, values.Rows[0][c].Span, $"VALUES types {string.Join(" and ", columnTypes.Distinct())} cannot be matched");
        }

        var bound = rows.Select((r, i) => r.Select((e, c) => Convert(e, types[c], CastContext.Implicit, values.Rows[i][c].Span)).ToImmutableArray()).ToImmutableArray();
        var columns = types.Select((t, c) => new PlanColumn($"column{c + 1}", t)).ToImmutableArray();
        return new BoundRelation(new LogicalValues(bound, columns), Scope.FromColumns(null, columns.Select(c => (c.Name, c.Type))));
    }

    private BoundRelation BindSetOperation(SetOperationBody set, QueryMode mode, CorrelatedDomain? domain = null)
    {
        if (set.Operator != SetOperator.Union)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, set.Span, set.Operator.ToString().ToUpperInvariant());
        }

        // Over a domain each branch's rows start with their domain value, so the union (and its DISTINCT) is per value.
        var left = BindBody(set.Left, mode, domain);
        var right = BindBody(set.Right, mode, domain);
        if (domain is not null)
        {
            domain.EmptyGroupValues = null;
        }

        if (left.Plan.Schema.Length != right.Plan.Schema.Length)
        {
            throw Error(DiagnosticCodes.SyntaxError, set.Span, "each UNION query must have the same number of columns");
        }

        var types = left.Plan.Schema.Select((c, i) =>
            CastRules.CommonType(c.Type, right.Plan.Schema[i].Type)
            ?? throw Error(DiagnosticCodes.DatatypeMismatch, set.Right.Span, $"UNION types {c.Type} and {right.Plan.Schema[i].Type} cannot be matched"))
            .Select(t => t.Kind == TypeKind.Unknown ? DataType.Text : t)
            .ToImmutableArray();
        var names = left.Plan.Schema.Select(c => c.Name).ToImmutableArray();
        var branches = new[] { left, right }.Select(b => CastTo(b.Plan, types, names, set.Span)).ToImmutableArray();
        // Nested UNION ALLs flatten into one node.
        var flat = branches.SelectMany(b => b is LogicalUnion u ? u.Branches : [b]).ToImmutableArray();
        LogicalPlan plan = new LogicalUnion(flat, names);
        if (!set.All)
        {
            plan = new LogicalDistinct(plan);
        }

        return new BoundRelation(plan, Scope.FromColumns(null, plan.Schema.Select(c => (c.Name, c.Type))));
    }

    private LogicalPlan CastTo(LogicalPlan plan, ImmutableArray<DataType> types, ImmutableArray<string> names, TextSpan span)
    {
        if (plan.Schema.Select(c => c.Type).SequenceEqual(types))
        {
            return plan;
        }

        var expressions = plan.Schema.Select((c, i) => Convert(new BoundColumn(i, c.Name, c.Type), types[i], CastContext.Implicit, span)).ToImmutableArray();
        return new LogicalProject(plan, expressions, names);
    }

    private BoundRelation BindSelect(SelectBody select, Query? query, QueryMode mode, CorrelatedDomain? domain = null)
    {
        select = WithSetReturningCallInFrom(select);

        // FROM (a table function sees the items before it, as in PostgreSQL)
        var from = domain is not null ? BindCorrelatedFrom(select.From, domain, mode)
            : select.From.IsEmpty
            ? new BoundRelation(new LogicalValues([ImmutableArray<BoundExpression>.Empty], []), Scope.Empty)
            : select.From.Skip(1).Aggregate(BindTableReference(select.From[0], mode), (l, item) => item is FunctionTableReference function
                ? BindTableFunction(function, l)
                : BindTableReference(item, mode) is var r
                    ? new BoundRelation(new LogicalJoin(l.Plan, r.Plan, LogicalJoinKind.Cross, [], null, JoinStrategy.Regular, null), l.Scope.Concat(r.Scope))
                    : l);
        var plan = from.Plan;
        var scope = from.Scope;

        // WHERE
        if (select.Where is not null)
        {
            var whereSubqueries = new SubqueryJoins(plan, mode);
            var predicate = BindCondition(select.Where, new ExpressionContext(scope, "WHERE", Subqueries: whereSubqueries));
            plan = new LogicalFilter(whereSubqueries.Apply(plan), predicate);
        }

        // SELECT list
        var aggregates = new AggregateCollector();
        var windows = new WindowCollector();
        var selectSubqueries = new SubqueryJoins(plan, mode);
        var selectContext = new ExpressionContext(scope, "SELECT", aggregates, windows, selectSubqueries);
        var outputs = new List<BoundExpression>();
        var names = new List<string>();
        var itemSpans = new List<TextSpan>();
        foreach (var item in select.Items)
        {
            switch (item)
            {
                case StarSelectItem star:
                    var qualifier = star.Qualifier?.Name.Name;
                    if (qualifier is not null && !scope.HasRelation(qualifier))
                    {
                        throw Error(DiagnosticCodes.UndefinedTable, star.Qualifier!.Span, "relation", qualifier)
                            .WithHint($"missing FROM-clause entry for \"{qualifier}\"");
                    }

                    for (var i = 0; i < scope.Count; i++)
                    {
                        var column = scope.Columns[i];
                        if (column.Hidden || (qualifier is not null && column.Relation != qualifier) || column.Relation == SetReturningRelation)
                        {
                            continue;
                        }

                        outputs.Add(new BoundColumn(i, column.Name, column.Type));
                        names.Add(column.Name);
                        itemSpans.Add(star.Span);
                    }

                    if (select.From.IsEmpty)
                    {
                        throw Error(DiagnosticCodes.SyntaxError, star.Span, "SELECT * with no tables specified is not valid");
                    }

                    break;
                case ExpressionSelectItem expressionItem:
                    outputs.Add(BindResolved(expressionItem.Expression, selectContext));
                    names.Add(expressionItem.Alias?.Name ?? DeriveName(expressionItem.Expression));
                    itemSpans.Add(expressionItem.Expression.Span);
                    break;
            }
        }

        // GROUP BY (ordinals and output names as PostgreSQL allows, then input expressions)
        var groupKeys = new List<BoundExpression>();
        var groupNames = new List<string>();
        foreach (var expression in select.GroupBy)
        {
            BoundExpression key;
            if (SelectListPosition(expression, "GROUP BY") is { } position)
            {
                if (position < 1 || position > outputs.Count)
                {
                    throw Error(DiagnosticCodes.PositionNotInSelectList, expression.Span, "GROUP BY", position);
                }

                key = outputs[position - 1];
                groupNames.Add(names[position - 1]);
            }
            else if (expression is ColumnReferenceExpression { Parts.Length: 1 } simple
                     && scope.Find(null, simple.Column.Name, out _) < 0 && names.IndexOf(simple.Column.Name) is var alias and >= 0)
            {
                key = outputs[alias];
                groupNames.Add(names[alias]);
            }
            else
            {
                key = BindResolved(expression, new ExpressionContext(scope, "GROUP BY"));
                groupNames.Add(DeriveName(expression));
            }

            if (ContainsPlaceholder(key))
            {
                throw Error(DiagnosticCodes.AggregateNotAllowed, expression.Span, "GROUP BY");
            }

            if (!groupKeys.Contains(key))
            {
                groupKeys.Add(key);
            }
            else
            {
                groupNames.RemoveAt(groupNames.Count - 1);
            }
        }

        // HAVING: its subqueries join the input as the select list's do (and are joined again onto the groups).
        BoundExpression? having = select.Having is null ? null
            : BindCondition(select.Having, new ExpressionContext(scope, "HAVING", aggregates, Subqueries: selectSubqueries));
        plan = selectSubqueries.Apply(plan);

        // ORDER BY and DISTINCT ON: output columns by ordinal or name, else expressions added as hidden outputs.
        var visible = outputs.Count;
        var orderKeys = new List<SortKey>();
        var orderBy = query?.OrderBy ?? [];
        foreach (var item in orderBy)
        {
            var column = ResolveOutputReference(item.Expression, outputs, names, visible, scope, aggregates, windows, "ORDER BY");
            var descending = item.Direction == SortDirection.Descending;
            orderKeys.Add(new SortKey(column, descending, item.Nulls == NullsOrder.Default ? descending : item.Nulls == NullsOrder.First));
        }

        var distinctOn = select.DistinctOn.Select(e => ResolveOutputReference(e, outputs, names, visible, scope, aggregates, windows, "DISTINCT ON")).ToList();

        // Aggregation
        var isAggregate = aggregates.Calls.Count > 0 || groupKeys.Count > 0 || having is not null;
        ImmutableArray<BoundExpression>? emptyGroup = null;
        if (domain is not null)
        {
            // Over a domain: one group per domain value, and the domain value leads every output row.
            CheckCorrelatedSelect(select, query, domain, windows);
            var domainColumns = Enumerable.Range(0, domain.Width)
                .Select(j => (BoundExpression)new BoundColumn(j, scope.Columns[j].Name, scope.Columns[j].Type)).ToList();
            if (isAggregate && groupKeys.Count == 0)
            {
                emptyGroup = outputs.Take(visible).Select(o => EmptyGroupValue(o, aggregates)).ToImmutableArray();
            }

            if (isAggregate)
            {
                groupKeys.InsertRange(0, domainColumns);
                groupNames.InsertRange(0, domainColumns.Select(c => ((BoundColumn)c).Name));
            }

            outputs.InsertRange(0, domainColumns);
            names.InsertRange(0, domainColumns.Select(c => ((BoundColumn)c).Name));
            itemSpans.InsertRange(0, domainColumns.Select(_ => select.Span));
            visible += domain.Width;
        }

        if (isAggregate)
        {
            var overGroups = new SubqueriesOverGroups(selectSubqueries,
                column => groupKeys.FindIndex(k => k is BoundColumn c && c.Index == column) is var key and >= 0 ? key : null,
                (column, span) => Error(DiagnosticCodes.UngroupedOuterColumn, span, QualifiedName(scope, column)));
            (plan, var rewrite) = BuildAggregate(plan, scope, groupKeys, groupNames, aggregates, itemSpans, overGroups);
            for (var i = 0; i < outputs.Count; i++)
            {
                outputs[i] = rewrite(outputs[i], i < itemSpans.Count ? itemSpans[i] : select.Span);
            }

            var groupCondition = having is null ? null : rewrite(having, select.Having!.Span);
            plan = overGroups.Apply(plan);
            if (groupCondition is not null)
            {
                plan = new LogicalFilter(plan, groupCondition);
            }
        }

        // ROW_NUMBER() OVER (...): a top-N node whose row number column replaces the placeholder.
        if (windows.Calls.Count > 0)
        {
            (plan, var rowNumber) = BuildRowNumber(plan, windows, isAggregate);
            for (var i = 0; i < outputs.Count; i++)
            {
                outputs[i] = ExpressionRewriter.Rewrite(outputs[i], e => e is BoundWindowRef ? new BoundColumn(rowNumber, "row_number", DataType.Int64) : null);
            }
        }

        plan = new LogicalProject(plan, [.. outputs], [.. names]);

        if (select.Distinct && distinctOn.Count == 0)
        {
            if (outputs.Count > visible)
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, orderBy.First().Span, "for SELECT DISTINCT, ORDER BY expressions must appear in select list; ordering by others");
            }

            plan = new LogicalDistinct(plan);
        }

        if (distinctOn.Count > 0)
        {
            // As PostgreSQL: ORDER BY must begin with the DISTINCT ON expressions (in any order); once an
            // ORDER BY item that is not one of them is passed, every one of them must have been seen.
            var leading = orderKeys.TakeWhile(k => distinctOn.Contains(k.Column)).Select(k => k.Column).ToList();
            if (orderKeys.Count > leading.Count && distinctOn.FirstOrDefault(c => !leading.Contains(c), -1) is var missing and >= 0)
            {
                throw Error(DiagnosticCodes.DistinctOnOrderMismatch, select.DistinctOn[distinctOn.IndexOf(missing)].Span);
            }

            // DISTINCT ON keeps the first row per key in ORDER BY order: a top-1 per partition; the
            // result is then ordered by the ORDER BY (a sort in a one-time query).
            var order = orderKeys.Where(k => !distinctOn.Contains(k.Column) || orderKeys.IndexOf(k) >= distinctOn.Count).ToImmutableArray();
            plan = new LogicalTopN(plan, [.. distinctOn.Distinct()], order, 1, 0, false);
        }

        if (domain is not null)
        {
            domain.EmptyGroupValues = emptyGroup;
        }

        var result = new BoundRelation(plan, Scope.FromColumns(null, plan.Schema.Select(c => (c.Name, c.Type))));
        return query is null ? Trim(result, visible) : ApplyOrderAndLimit(result, query, mode, visible, orderKeys);
    }

    private static BoundRelation Trim(BoundRelation relation, int visible)
    {
        var schema = relation.Plan.Schema;
        if (schema.Length == visible)
        {
            return relation;
        }

        var plan = new LogicalProject(relation.Plan,
            schema.Take(visible).Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToImmutableArray(),
            schema.Take(visible).Select(c => c.Name).ToImmutableArray());
        return new BoundRelation(plan, Scope.FromColumns(null, plan.Schema.Select(c => (c.Name, c.Type))));
    }

    /// <summary>The relation a set-returning call of the select list becomes (a name no query can write unquoted).</summary>
    private const string SetReturningRelation = "?set-returning";

    /// <summary>
    /// A set-returning function in the select list (<c>SELECT id, unnest(tags) FROM t</c>,
    /// <c>SELECT generate_series(1, 3)</c>) gives a row per element, as in PostgreSQL: it is called
    /// laterally after the FROM items and the item reads its element. One such call per select list,
    /// as a whole item, in a query without GROUP BY, HAVING or DISTINCT (PostgreSQL runs it after
    /// those and zips several in step; those forms are refused here).
    /// </summary>
    private SelectBody WithSetReturningCallInFrom(SelectBody select)
    {
        static bool IsSetReturning(Expression e) =>
            e is FunctionCallExpression { Over: null, IsStar: false } call && call.Name.Parts.Length == 1
            && call.Name.Name.Name is "unnest" or "generate_series";

        var calls = select.Items.OfType<ExpressionSelectItem>().Where(i => IsSetReturning(i.Expression)).ToList();
        if (calls.Count == 0)
        {
            return select;
        }

        if (calls.Count > 1)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, calls[1].Expression.Span,
                "more than one set-returning function in the select list").WithHint("call the functions in FROM: ... CROSS JOIN LATERAL unnest(a, ...)");
        }

        var call = (FunctionCallExpression)calls[0].Expression;
        if (!select.GroupBy.IsEmpty || select.Having is not null || select.Distinct)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, call.Span,
                $"{call.Name.Name.Name}() in the select list of a query with GROUP BY, HAVING or DISTINCT").WithHint("call it in FROM: ... CROSS JOIN LATERAL " + call.Name.Name.Name + "(...)");
        }

        var name = new Identifier(SetReturningRelation, true, call.Span);
        var function = new FunctionTableReference(call, Lateral: !select.From.IsEmpty, WithOrdinality: false, new TableAlias(name, [name], call.Span), call.Span);
        var items = select.Items.Select(item => item == calls[0]
            ? new ExpressionSelectItem(new ColumnReferenceExpression([name, name], call.Span),
                calls[0].Alias ?? new Identifier(call.Name.Name.Name, false, call.Span), calls[0].Span)
            : item).ToImmutableArray();
        return select with { Items = items, From = select.From.Add(function) };
    }

    /// <summary>ORDER BY, LIMIT and OFFSET of a query: a sort for one-time queries, a top-N in views.</summary>
    private BoundRelation ApplyOrderAndLimit(BoundRelation relation, Query query, QueryMode mode, int visible, List<SortKey> orderKeys)
    {
        if (query.Body is not SelectBody && !query.OrderBy.IsEmpty)
        {
            var names = relation.Plan.Schema.Select(c => c.Name).ToList();
            foreach (var item in query.OrderBy)
            {
                int index;
                if (SelectListPosition(item.Expression, "ORDER BY") is { } position)
                {
                    if (position < 1 || position > names.Count)
                    {
                        throw Error(DiagnosticCodes.PositionNotInSelectList, item.Expression.Span, "ORDER BY", position);
                    }

                    index = position - 1;
                }
                else
                {
                    index = item.Expression is ColumnReferenceExpression { Parts.Length: 1 } column ? names.IndexOf(column.Column.Name) : -1;
                }

                if (index < 0 || index >= names.Count)
                {
                    throw Error(DiagnosticCodes.UndefinedColumn, item.Expression.Span, item.Expression is ColumnReferenceExpression c ? c.Column.Name : "ORDER BY term")
                        .WithHint("ORDER BY on a UNION or VALUES result names an output column or its position");
                }

                var descending = item.Direction == SortDirection.Descending;
                orderKeys.Add(new SortKey(index, descending, item.Nulls == NullsOrder.Default ? descending : item.Nulls == NullsOrder.First));
            }
        }

        var (limit, limitParameter) = query.Limit is null ? (null, null) : RowCount(query.Limit, "LIMIT", mode);
        var (offsetValue, offsetParameter) = query.Offset is null ? (null, null) : RowCount(query.Offset, "OFFSET", mode);
        var offset = offsetValue ?? 0;
        var plan = relation.Plan;
        if (mode == QueryMode.OneTime)
        {
            if (orderKeys.Count > 0 || limit is not null || offset > 0 || limitParameter is not null || offsetParameter is not null)
            {
                plan = new LogicalSort(plan, [.. orderKeys], limit, offset, limitParameter, offsetParameter);
            }
        }
        else if (limit is not null || offset > 0)
        {
            plan = new LogicalTopN(plan, [], [.. orderKeys], limit ?? long.MaxValue, offset, false);
        }

        return Trim(new BoundRelation(plan, relation.Scope), visible);
    }

    /// <summary>
    /// A LIMIT or OFFSET: converted to BIGINT as PostgreSQL does (numeric and float round, an unknown
    /// literal is read as a number, text is 42804), then either a constant (null: no limit) or, in a
    /// one-time query, an expression over parameters and constants that is evaluated when the query runs. A negative
    /// value is PostgreSQL's 2201W / 2201X.
    /// </summary>
    private (long? Value, BoundExpression? Deferred) RowCount(Expression expression, string clause, QueryMode mode)
    {
        var bound = Bind(expression, new ExpressionContext(Scope.Empty, clause));
        BoundExpression converted;
        try
        {
            converted = Convert(bound, DataType.Int64, CastContext.Assignment, expression.Span);
        }
        catch (BindException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.DatatypeMismatch || e.Diagnostic.Descriptor == DiagnosticCodes.CannotCast)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, expression.Span, $"argument of {clause} must be type bigint, not type {bound.Type}");
        }

        switch (converted)
        {
            case BoundLiteral { Value: null }:
                return (null, null);
            case BoundLiteral { Value: long value }:
                return value >= 0 ? (value, null) : throw Error(clause == "LIMIT" ? DiagnosticCodes.NegativeLimit : DiagnosticCodes.NegativeOffset, expression.Span);
            case var deferred when mode == QueryMode.OneTime && IsParameterized(deferred):
                return (null, deferred);
            default:
                throw Error(DiagnosticCodes.InvalidParameterValue, expression.Span,
                    mode == QueryMode.OneTime ? $"{clause} must be a constant or a parameter" : $"{clause} in a streaming query must be a constant");
        }
    }

    /// <summary>
    /// Whether an expression reads nothing but parameters and constants, so it can be evaluated when
    /// the query runs (a constant that folding left alone is one whose evaluation fails, such as
    /// <c>'a'::bigint</c>: it fails then, as in PostgreSQL).
    /// </summary>
    private static bool IsParameterized(BoundExpression expression) => expression switch
    {
        BoundParameter or BoundLiteral => true,
        BoundCast cast => IsParameterized(cast.Operand),
        BoundCall call => call.Arguments.All(IsParameterized),
        _ => false,
    };

    /// <summary>
    /// Resolves an ORDER BY / DISTINCT ON item to an output column: an ordinal, an output name, an
    /// expression equal to an output, or else a new hidden output computed from the input.
    /// </summary>
    private int ResolveOutputReference(Expression expression, List<BoundExpression> outputs, List<string> names, int visible,
        Scope scope, AggregateCollector aggregates, WindowCollector windows, string clause)
    {
        if (SelectListPosition(expression, clause) is { } position)
        {
            if (position < 1 || position > visible)
            {
                throw Error(DiagnosticCodes.PositionNotInSelectList, expression.Span, clause, position);
            }

            return position - 1;
        }

        if (expression is ColumnReferenceExpression { Parts.Length: 1 } simple)
        {
            var matches = Enumerable.Range(0, visible).Where(i => names[i] == simple.Column.Name).ToList();
            if (matches.Count == 1 || (matches.Count > 1 && matches.Select(m => outputs[m]).Distinct().Count() == 1))
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                throw Error(DiagnosticCodes.AmbiguousColumn, simple.Span, simple.Column.Name, $"{matches.Count} select list entries");
            }
        }

        var bound = BindResolved(expression, new ExpressionContext(scope, clause, aggregates, windows));
        var existing = outputs.IndexOf(bound);
        if (existing >= 0)
        {
            return existing;
        }

        outputs.Add(bound);
        names.Add(DeriveName(expression));
        return outputs.Count - 1;
    }

    /// <summary>
    /// PostgreSQL's reading of a constant in ORDER BY, GROUP BY and DISTINCT ON: an integer (negated
    /// too: PostgreSQL folds the sign into the constant) is a position in the select list, any other
    /// constant (a string, NULL, a boolean, a decimal, an integer beyond int) an error; null for an expression.
    /// </summary>
    private static int? SelectListPosition(Expression expression, string clause)
    {
        var (literal, negated) = expression switch
        {
            LiteralExpression l => (l, false),
            UnaryExpression { Operator: UnaryOperator.Negate, Operand: LiteralExpression { Kind: LiteralKind.Integer or LiteralKind.Decimal } l } => (l, true),
            _ => (null, false),
        };
        if (literal is null)
        {
            return null;
        }

        if (literal.Kind == LiteralKind.Integer
            && long.TryParse(literal.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && (negated ? -value : value) is >= int.MinValue and <= int.MaxValue)
        {
            return (int)(negated ? -value : value);
        }

        throw Error(DiagnosticCodes.NonIntegerConstant, expression.Span, clause);
    }

    private static bool ContainsPlaceholder(BoundExpression expression) =>
        expression is BoundAggregateRef or BoundWindowRef || expression.Children.Any(ContainsPlaceholder);

    private static string DeriveName(Expression expression) => expression switch
    {
        ColumnReferenceExpression column => column.Column.Name,
        FunctionCallExpression call => call.Name.Name.Name,
        CastExpression cast => cast.Operand is ColumnReferenceExpression or FunctionCallExpression ? DeriveName(cast.Operand) : cast.Type.Name.Name.Name,
        CaseExpression => "case",
        KeywordFunctionExpression keyword => keyword.Name.ToLowerInvariant(),
        ArrayExpression => "array",
        TypedLiteralExpression typed => typed.Type.Name.Name.Name,
        IntervalLiteralExpression => "interval",
        SubscriptExpression subscript => DeriveName(subscript.Operand),
        ExistsExpression => "exists",
        ArraySubqueryExpression => "array",
        // A scalar subquery is named after its result column, as in PostgreSQL.
        SubqueryExpression { Query.Body: SelectBody { Items: [ExpressionSelectItem first, ..] } } => first.Alias?.Name ?? DeriveName(first.Expression),
        _ => "?column?",
    };

    /// <summary>
    /// Builds pre-projection + aggregate and returns a function that rewrites select-list and HAVING
    /// expressions over the aggregate's output (42803 for a column that is neither grouped nor aggregated).
    /// </summary>
    private (LogicalPlan Plan, Func<BoundExpression, TextSpan, BoundExpression> Rewrite) BuildAggregate(
        LogicalPlan input, Scope scope, List<BoundExpression> keys, List<string> keyNames, AggregateCollector aggregates, List<TextSpan> itemSpans,
        SubqueriesOverGroups overGroups)
    {
        var slots = new List<BoundExpression>(keys);
        var slotNames = new List<string>(keyNames);
        int Slot(BoundExpression expression)
        {
            var index = slots.IndexOf(expression);
            if (index >= 0)
            {
                return index;
            }

            slots.Add(expression);
            slotNames.Add(expression is BoundColumn c ? c.Name : $"expr{slots.Count}");
            return slots.Count - 1;
        }

        BoundExpression ToSlot(BoundExpression e)
        {
            var slot = Slot(e);
            return new BoundColumn(slot, slotNames[slot], e.Type);
        }

        var calls = aggregates.Calls.Select(call => call with
        {
            Arguments = call.Arguments.Select(ToSlot).ToImmutableArray(),
            Filter = call.Filter is null ? null : ToSlot(call.Filter),
            OrderBy = call.OrderBy.Select(o => o with { Expression = ToSlot(o.Expression) }).ToImmutableArray(),
        }).ToImmutableArray();

        // Name the pre-projection's columns after the input columns they copy, so that EXPLAIN reads naturally.
        var pre = new LogicalProject(input, [.. slots], [.. slotNames]);
        var window = FindSessionWindow(input);
        var windowKey = -1;
        // A group key that carries a watermark closes groups: the runtime derives a watermark for every
        // column it can (window_start/window_end from the time column), and rows below it never arrive.
        for (var i = 0; i < keys.Count; i++)
        {
            if (pre.Schema[i].Watermark is not null && pre.Schema[i].Name is "window_start" or "window_end" && windowKey < 0)
            {
                windowKey = i;
            }
        }

        for (var i = 0; i < keys.Count && windowKey < 0; i++)
        {
            if (pre.Schema[i].Watermark is not null)
            {
                windowKey = i;
            }
        }

        if (window is not null)
        {
            // A SESSION aggregate computes window_start/window_end itself; they must be grouped.
            windowKey = -1;
        }
        else if (windowKey < 0)
        {
            // Windowed even without a watermark: a group key computed by TUMBLE/HOP (for the warning that windows never close).
            for (var i = 0; i < keys.Count && windowKey < 0; i++)
            {
                if (keys[i] is BoundColumn c && c.Name is "window_start" or "window_end" && FromWindow(input, c.Index))
                {
                    windowKey = i;
                }
            }
        }

        var aggregateNames = keyNames.Concat(calls.Select((c, i) => $"{c.Name}")).ToImmutableArray();
        var aggregate = new LogicalAggregate(pre, Enumerable.Range(0, keys.Count).ToImmutableArray(), calls, aggregateNames, EmitMode.OnUpdate, windowKey);
        if (aggregate.Session is { } session)
        {
            aggregatedSessionWindows.Add(session);
        }

        var keyCount = keys.Count;
        overGroups.Over(aggregate);
        BoundExpression Rewrite(BoundExpression expression, TextSpan span) => ExpressionRewriter.Rewrite(expression, e =>
        {
            var key = keys.IndexOf(e);
            if (key >= 0)
            {
                return new BoundColumn(key, aggregateNames[key], e.Type);
            }

            return e switch
            {
                BoundAggregateRef r => new BoundColumn(keyCount + r.Index, aggregateNames[keyCount + r.Index], r.Type),
                BoundColumn c when c.Index >= scope.Count => overGroups.Map(c, span),
                BoundColumn c => throw Error(DiagnosticCodes.GroupingError, span, QualifiedName(scope, c.Index)),
                _ => null,
            };
        });
        return (aggregate, Rewrite);
    }

    private static string QualifiedName(Scope scope, int index)
    {
        var column = scope.Columns[index];
        return column.Relation is null ? column.Name : $"{column.Relation}.{column.Name}";
    }

    /// <summary>The SESSION window directly under an aggregate (through filters and projections), if any.</summary>
    private static LogicalWindow? FindSessionWindow(LogicalPlan plan) => plan switch
    {
        LogicalWindow { Kind: WindowKind.Session } window => window,
        LogicalFilter filter => FindSessionWindow(filter.Input),
        _ => null,
    };

    /// <summary>True when output column <paramref name="column"/> is a window column of a TUMBLE/HOP below (through filters and projections).</summary>
    private static bool FromWindow(LogicalPlan plan, int column) => plan switch
    {
        LogicalWindow window => column >= window.Input.Schema.Length,
        LogicalFilter filter => FromWindow(filter.Input, column),
        LogicalWatermark watermark => FromWindow(watermark.Input, column),
        LogicalProject project => project.Expressions[column] is BoundColumn c && FromWindow(project.Input, c.Index),
        LogicalJoin join => column < join.Left.Schema.Length ? FromWindow(join.Left, column) : FromWindow(join.Right, column - join.Left.Schema.Length),
        LogicalScan { Relation: MaterializedViewDefinition view } => FromWindow(view.Plan, column),
        LogicalMaterialize materialize => FromWindow(materialize.Input, column),
        LogicalAggregate aggregate => column < aggregate.Keys.Length && FromWindow(aggregate.Input, aggregate.Keys[column]),
        _ => false,
    };

    private (LogicalPlan Plan, int RowNumberColumn) BuildRowNumber(LogicalPlan plan, WindowCollector windows, bool afterAggregate)
    {
        var call = windows.Calls[0];
        if (windows.Calls.Skip(1).Any(c => !c.PartitionBy.SequenceEqual(call.PartitionBy) || !c.OrderBy.SequenceEqual(call.OrderBy)))
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, windows.Calls[1].Span, "several different window specifications in one SELECT");
        }

        if (afterAggregate)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, call.Span, "ROW_NUMBER() over an aggregate in the same SELECT; aggregate in a subquery first");
        }

        // Computed partition and order keys become extra columns the top-N node can index.
        var width = plan.Schema.Length;
        var expressions = plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToList();
        var names = plan.Schema.Select(c => c.Name).ToList();
        int Column(BoundExpression expression)
        {
            if (expression is BoundColumn c)
            {
                return c.Index;
            }

            var index = expressions.IndexOf(expression);
            if (index >= 0)
            {
                return index;
            }

            expressions.Add(expression);
            names.Add($"expr{expressions.Count}");
            return expressions.Count - 1;
        }

        var partition = call.PartitionBy.Select(Column).ToImmutableArray();
        var order = call.OrderBy.Select(o => new SortKey(Column(o.Expression), o.Descending, o.NullsFirst)).ToImmutableArray();
        if (expressions.Count > width)
        {
            plan = new LogicalProject(plan, [.. expressions], [.. names]);
        }

        var topN = new LogicalTopN(plan, partition, order, long.MaxValue, 0, true);
        return (topN, topN.Schema.Length - 1);
    }
}
