using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// A scalar subquery <c>(SELECT ...)</c>, decorrelated into a left join on the clause's input. Without outer
    /// references the whole subquery is bound on its own and joined on true. A single-row lookup
    /// (<c>SELECT e FROM t, ... WHERE p</c>, no aggregation, ordering or limit) has its FROM joined on
    /// <c>p</c>, which may read the outer row, and <c>e</c> evaluated over the joined row; no matching
    /// row gives NULL, as in PostgreSQL. Any other correlated subquery is bound over its domain
    /// (<see cref="BindCorrelatedScalar"/>). A subquery that yields several rows for one outer row repeats
    /// that row instead of failing with 21000.
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

            var start = joins.Add(uncorrelated.Plan, new BoundLiteral(true, DataType.Boolean));
            var column = uncorrelated.Plan.Schema[0];
            return new BoundColumn(start, column.Name, column.Type);
        }

        var query = subquery.Query;
        if (query.With is not null || query.Body is not SelectBody select || !query.OrderBy.IsEmpty || query.Limit is not null ||
            query.Offset is not null || !select.GroupBy.IsEmpty || select.Having is not null || select.Distinct ||
            !select.DistinctOn.IsEmpty || select.Items.Length != 1 || select.Items[0] is not ExpressionSelectItem item ||
            !select.From.All(f => f is NamedTableReference) || ReadsAggregate(item.Expression))
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
        joins.Add(inner.Plan, condition);
        return value;
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
