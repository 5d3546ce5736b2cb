using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// A scalar subquery <c>(SELECT ...)</c>, decorrelated into a left join on the clause's input. Without outer
    /// references the whole subquery is bound on its own and joined on true. A lookup on a table's whole
    /// primary key (<c>SELECT e FROM t WHERE t.pk = outer.x</c>, no aggregation, ordering or limit) finds at
    /// most one row: its table is joined on the predicate and <c>e</c> evaluated over the joined row. Any other
    /// correlated subquery is bound over its domain (<see cref="BindCorrelatedScalar"/>). Other than the lookup,
    /// it is reduced to at most one row per outer row (<see cref="SingleRowPerKey"/>): several rows are 21000
    /// in a one-time query, and NULL in a view, which cannot fail on one row.
    /// </summary>
    private BoundExpression BindScalarSubquery(SubqueryExpression subquery, ExpressionContext context)
    {
        var joins = context.Subqueries!;
        var uncorrelated = TryBindUncorrelated(subquery.Query, joins.Mode);
        if (uncorrelated is not null)
        {
            var visible = uncorrelated.Scope.Columns.Count(c => !c.Hidden);
            if (visible != 1)
            {
                throw Error(DiagnosticCodes.SyntaxError, subquery.Span, "subquery must return only one column");
            }

            // An aggregate without GROUP BY is one row already.
            var single = IsSingleAggregateRow(subquery.Query) ? uncorrelated.Plan : SingleRowPerKey(uncorrelated.Plan, 0, joins.Mode);
            var start = joins.Add(single, new BoundLiteral(true, DataType.Boolean));
            var column = single.Schema[0];
            return new BoundColumn(start, column.Name, column.Type);
        }

        var query = subquery.Query;
        if (query.With is not null || query.Body is not SelectBody select || !query.OrderBy.IsEmpty || query.Limit is not null ||
            query.Offset is not null || !select.GroupBy.IsEmpty || select.Having is not null || select.Distinct ||
            !select.DistinctOn.IsEmpty || select.Items.Length != 1 || select.Items[0] is not ExpressionSelectItem item ||
            select.From.Length != 1 || select.From[0] is not NamedTableReference || ReadsAggregate(item.Expression))
        {
            return BindCorrelatedScalar(subquery, context);
        }

        var inner = select.From.IsEmpty
            ? new BoundRelation(new LogicalValues([ImmutableArray<BoundExpression>.Empty], []), Scope.Empty)
            : select.From.Select(f => BindTableReference(f, joins.Mode)).Aggregate((l, r) =>
                new BoundRelation(new LogicalJoin(l.Plan, r.Plan, LogicalJoinKind.Cross, [], null, JoinStrategy.Regular, null), l.Scope.Concat(r.Scope)));

        // The outer row as the clause sees it, padded with the columns earlier subqueries added, then the inner row.
        var padding = Enumerable.Range(0, joins.Width - context.Scope.Count)
            .Select(_ => new ScopeColumn(null, "?subquery?", DataType.Unknown, Hidden: true, QualifiedOnly: true));
        // Inner names shadow outer ones, as in PostgreSQL: a clashing outer column stays reachable only qualified,
        // and not at all when its qualified name clashes too.
        var innerNames = inner.Scope.Columns.Select(c => c.Name).ToHashSet();
        var innerQualified = inner.Scope.Columns.Select(c => (c.Relation, c.Name)).ToHashSet();
        var outer = context.Scope.Columns.Select(c => !innerNames.Contains(c.Name) ? c
            : innerQualified.Contains((c.Relation, c.Name)) ? c with { Relation = "?shadowed?", QualifiedOnly = true }
            : c with { QualifiedOnly = true });
        var combined = new Scope([.. outer, .. padding, .. inner.Scope.Columns]);
        var condition = select.Where is null
            ? new BoundLiteral(true, DataType.Boolean)
            : BindCondition(select.Where, new ExpressionContext(combined, "WHERE"));
        var value = BindResolved(item.Expression, new ExpressionContext(combined, "SELECT"));
        // A lookup on the inner table's whole primary key finds at most one row: a plain left join on the predicate.
        if (!PinsPrimaryKey(inner.Plan, condition, joins.Width))
        {
            return BindCorrelatedScalar(subquery, context);
        }

        joins.Add(inner.Plan, condition);
        return value;
    }

    /// <summary>True when the conjuncts of <paramref name="condition"/> equate every primary key column of the inner table (columns from <paramref name="innerStart"/>) with values of the outer row.</summary>
    private static bool PinsPrimaryKey(LogicalPlan inner, BoundExpression condition, int innerStart)
    {
        var key = inner switch
        {
            LogicalScan { Relation: TableDefinition table } scan when scan.Schema.Length == table.Columns.Length => table.PrimaryKey,
            _ => [],
        };
        if (key.IsDefaultOrEmpty)
        {
            return false;
        }

        var conjuncts = condition is BoundBoolean { Operator: BoolOperator.And } and ? and.Operands : [condition];
        bool Outer(BoundExpression e) => e is not BoundColumn c ? e.Children.All(Outer) : c.Index < innerStart;
        bool Pinned(int column) => conjuncts.Any(c => c is BoundCall { Name: "=", Arguments: [var l, var r] }
            && ((l is BoundColumn lc && lc.Index == innerStart + column && Outer(r)) || (r is BoundColumn rc && rc.Index == innerStart + column && Outer(l))));
        return key.All(Pinned);
    }

    private bool IsSingleAggregateRow(Query query) =>
        query is { With: null, Offset: null, Body: SelectBody { GroupBy.IsEmpty: true, Distinct: false } select }
        && select.Items.Any(i => i is ExpressionSelectItem e && ReadsAggregate(e.Expression));

    /// <summary>
    /// At most one row per value of the first <paramref name="keyCount"/> columns, with the value of the
    /// column after them: a count and the first value per key. More than one row is 21000 in a one-time
    /// query, as in PostgreSQL; a view cannot fail on a row, so there the value is NULL (its rows cannot
    /// multiply the outer row either way).
    /// </summary>
    private LogicalPlan SingleRowPerKey(LogicalPlan inner, int keyCount, QueryMode mode)
    {
        var schema = inner.Schema;
        var value = schema[keyCount];
        var pre = new LogicalProject(inner,
            [.. Enumerable.Range(0, keyCount + 1).Select(i => (BoundExpression)new BoundColumn(i, schema[i].Name, schema[i].Type))],
            [.. schema.Take(keyCount + 1).Select(c => c.Name)]);
        var count = functions.Aggregates("count").First(a => a.Signature.Parameters.IsEmpty);
        var first = functions.Aggregates("first_value").First();
        var calls = ImmutableArray.Create(
            new AggregateCall(count, [], false, null, [], DataType.Int64),
            new AggregateCall(first, [new BoundColumn(keyCount, value.Name, value.Type)], false, null, [], value.Type));
        var aggregate = new LogicalAggregate(pre, [.. Enumerable.Range(0, keyCount)], calls,
            [.. schema.Take(keyCount).Select(c => c.Name), "?count", value.Name], EmitMode.OnUpdate, -1);
        var rows = new BoundColumn(keyCount, "?count", DataType.Int64);
        var firstValue = new BoundColumn(keyCount + 1, value.Name, value.Type);
        BoundExpression checkedValue = mode == QueryMode.OneTime
            ? new BoundCall(functions.Scalars(SubqueryFunctions.SingleRow).First(), [rows, firstValue], value.Type)
            : new BoundCase([new BoundWhen(ResolveCall(">", [rows, new BoundLiteral(1L, DataType.Int64)], [default, default], default, isOperator: true),
                BoundLiteral.Null(value.Type))], firstValue, value.Type);
        return new LogicalProject(aggregate,
            [.. Enumerable.Range(0, keyCount).Select(i => (BoundExpression)new BoundColumn(i, schema[i].Name, schema[i].Type)), checkedValue],
            [.. schema.Take(keyCount + 1).Select(c => c.Name)]);
    }

    /// <summary>The subquery bound on its own, or null when it reads columns of an enclosing query.</summary>
    private BoundRelation? TryBindUncorrelated(Query query, QueryMode mode)
    {
        var windowsBefore = sessionWindows.Keys.ToList();
        try
        {
            return BindQuery(query, mode);
        }
        catch (BindException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.UndefinedColumn ||
                                      e.Diagnostic.Descriptor == DiagnosticCodes.UndefinedTable)
        {
            // The attempt's plan is dropped, and with it the SESSION windows it bound.
            foreach (var window in sessionWindows.Keys.Except(windowsBefore, ReferenceEqualityComparer.Instance).Cast<LogicalWindow>().ToList())
            {
                sessionWindows.Remove(window);
            }

            return null;
        }
    }

    /// <summary>True when the expression calls an aggregate outside any nested subquery (it is then an aggregate query).</summary>
    private bool ReadsAggregate(Expression expression) => expression switch
    {
        FunctionCallExpression call when call.Over is null && functions.Aggregates(call.Name.Name.Name).Count > 0
            && functions.Scalars(call.Name.Name.Name).Count == 0 => true,
        SubqueryExpression or ExistsExpression or ArraySubqueryExpression => false,
        InSubqueryExpression @in => ReadsAggregate(@in.Operand),
        _ => SyntaxChildren(expression).Any(ReadsAggregate),
    };

    /// <summary>The direct sub-expressions of an expression (not those inside nested queries).</summary>
    private static IEnumerable<Expression> SyntaxChildren(Expression expression) => expression switch
    {
        UnaryExpression e => [e.Operand],
        BinaryExpression e => [e.Left, e.Right],
        IsExpression e => [e.Operand],
        IsDistinctFromExpression e => [e.Left, e.Right],
        BetweenExpression e => [e.Operand, e.Low, e.High],
        LikeExpression e => e.Escape is null ? [e.Operand, e.Pattern] : [e.Operand, e.Pattern, e.Escape],
        InListExpression e => [e.Operand, .. e.Items],
        QuantifiedComparisonExpression e => [e.Left, e.Right],
        FunctionCallExpression e => e.Arguments,
        NamedArgumentExpression e => [e.Value],
        CaseExpression e => [.. e.Operand is null ? [] : new[] { e.Operand }, .. e.WhenClauses.SelectMany(w => new[] { w.Condition, w.Result }), .. e.Else is null ? [] : new[] { e.Else }],
        CastExpression e => [e.Operand],
        ArrayExpression e => e.Elements,
        SubscriptExpression e => new[] { e.Operand, e.Index, e.UpperBound }.OfType<Expression>(),
        FieldAccessExpression e => [e.Operand],
        CollateExpression e => [e.Operand],
        RowExpression e => e.Elements,
        _ => [],
    };
}
