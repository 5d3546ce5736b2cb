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
    /// references the whole subquery is bound on its own and joined on true. With them it must be a single-row
    /// lookup (<c>SELECT e FROM ... WHERE p</c>, no aggregation, ordering or limit): its FROM is joined on
    /// <c>p</c>, which may read the outer row, and <c>e</c> is evaluated over the joined row; no matching
    /// row gives NULL, as in PostgreSQL. A subquery that yields several rows for one outer row repeats
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
            !select.DistinctOn.IsEmpty || select.Items.Length != 1 || select.Items[0] is not ExpressionSelectItem item)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, subquery.Span,
                "a correlated subquery other than a single-row lookup (SELECT expression FROM ... WHERE ...)");
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
        try
        {
            return BindQuery(query, mode);
        }
        catch (BindException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.UndefinedColumn ||
                                      e.Diagnostic.Descriptor == DiagnosticCodes.UndefinedTable)
        {
            return null;
        }
    }
}
