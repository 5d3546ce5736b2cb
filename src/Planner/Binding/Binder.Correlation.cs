using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    private int nextDomain;

    /// <summary>For each correlated domain, the domain columns its subquery read (found through <see cref="ScopeColumn.Outer"/>).</summary>
    private readonly Dictionary<int, SortedSet<int>> outerUses = [];

    private void NoteOuterUse(OuterColumn outer)
    {
        if (!outerUses.TryGetValue(outer.Domain, out var used))
        {
            outerUses[outer.Domain] = used = [];
        }

        used.Add(outer.Index);
    }

    /// <summary>
    /// The domain over <paramref name="columns"/> of the clause's input: their distinct values. Its scope
    /// copies the outer columns (names, relations, types) as outer-tier, hidden columns. When
    /// <paramref name="final"/>, the outer columns count as read where they are themselves domain columns
    /// of an enclosing subquery (a subquery nested two deep reads the outermost query through both).
    /// </summary>
    private CorrelatedDomain NewDomain(LogicalPlan input, Scope scope, IReadOnlyList<int> columns, bool final)
    {
        var id = nextDomain++;
        if (final)
        {
            foreach (var index in columns)
            {
                if (scope.Columns[index].Outer is { } outer)
                {
                    NoteOuterUse(outer);
                }
            }
        }

        var expressions = columns.Select(i => (BoundExpression)new BoundColumn(i, scope.Columns[i].Name, scope.Columns[i].Type)).ToImmutableArray();
        var plan = new LogicalDistinct(new LogicalProject(input, expressions, columns.Select(i => scope.Columns[i].Name).ToImmutableArray()));
        var domainScope = new Scope(columns.Select((i, j) => scope.Columns[i] with { Hidden = true, Outer = new OuterColumn(id, j) }).ToImmutableArray());
        return new CorrelatedDomain(id, new BoundRelation(plan, domainScope), [.. columns]);
    }

    /// <summary>
    /// Binds a subquery that reads columns of the enclosing clause over its domain. A first binding over
    /// every outer column finds which ones it reads; the second binds it over the distinct values of those.
    /// Returns null when it reads none (it failed to bind on its own for another reason, which binding it
    /// alone again reports).
    /// </summary>
    private (BoundRelation Relation, CorrelatedDomain Domain)? BindCorrelated(Query query, ExpressionContext context)
    {
        var joins = context.Subqueries!;
        var probe = NewDomain(joins.Input, context.Scope, Enumerable.Range(0, context.Scope.Count).ToList(), final: false);
        var diagnosticCount = diagnostics.Count;
        var sourceCount = sourcesRead.Count;
        BindQuery(query, joins.Mode, probe);
        diagnostics.RemoveRange(diagnosticCount, diagnostics.Count - diagnosticCount);
        sourcesRead.RemoveRange(sourceCount, sourcesRead.Count - sourceCount);
        if (!outerUses.Remove(probe.Id, out var used) || used.Count == 0)
        {
            return null;
        }

        var domain = NewDomain(joins.Input, context.Scope, [.. used], final: true);
        return (BindQuery(query, joins.Mode, domain), domain);
    }

    /// <summary>
    /// A correlated scalar subquery that is not a single-row lookup (it aggregates, groups, reads table
    /// functions or derived tables): bound over its domain and left-joined on it. Outer values without
    /// rows give NULL, or, for an aggregate without GROUP BY, its value over no rows (<c>count</c> 0).
    /// </summary>
    private BoundExpression BindCorrelatedScalar(SubqueryExpression subquery, ExpressionContext context)
    {
        var joins = context.Subqueries!;
        if (BindCorrelated(subquery.Query, context) is not var (relation, domain))
        {
            BindQuery(subquery.Query, joins.Mode);
            throw Error(DiagnosticCodes.FeatureNotSupported, subquery.Span, "this subquery");
        }

        var k = domain.Width;
        if (relation.Scope.Columns.Skip(k).Count(c => !c.Hidden) != 1)
        {
            throw Error(DiagnosticCodes.SyntaxError, subquery.Span, "subquery must return only one column");
        }

        // Over no rows an aggregate is NULL (what the left join pads with) unless it counts.
        var empty = domain.EmptyGroupValues is { } all && !IsNull(all[0]) ? all : (ImmutableArray<BoundExpression>?)null;
        // A subquery that is not one aggregate row per domain value may yield several: at most one is kept (21000 in a query).
        var plan = empty is not null ? WithMatchedColumn(relation.Plan)
            : domain.EmptyGroupValues is null ? SingleRowPerKey(relation.Plan, k, joins.Mode)
            : relation.Plan;
        var start = joins.AddCorrelated(plan, domain.OuterColumns);
        var column = plan.Schema[k];
        BoundExpression value = new BoundColumn(start + k, column.Name, column.Type);
        if (empty is { } values)
        {
            var matched = new BoundColumn(start + plan.Schema.Length - 1, "?matched", DataType.Boolean);
            var outerRow = domain.OuterColumns.Select(i => (BoundExpression)new BoundColumn(i, joins.Input.Schema[i].Name, joins.Input.Schema[i].Type)).ToImmutableArray();
            value = new BoundCase([new BoundWhen(new BoundIsNull(matched, Negated: true), value)], ExpressionRewriter.Substitute(values[0], outerRow), value.Type);
        }

        return value;
    }

    private static bool IsNull(BoundExpression expression) => expression is BoundLiteral { Value: null };

    /// <summary>The plan with a trailing non-NULL column, to tell its rows from a left join's padding.</summary>
    private static LogicalPlan WithMatchedColumn(LogicalPlan plan) => new LogicalProject(plan,
        [.. plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)), new BoundLiteral(true, DataType.Boolean)],
        [.. plan.Schema.Select(c => c.Name), "?matched"]);

    /// <summary>
    /// The FROM list of a SELECT bound over a correlated domain: the domain first (its columns stay the
    /// first ones of the row), then each item; table functions see the items before them (as PostgreSQL's
    /// implicitly lateral functions do), and a derived table that reads outer columns is bound over the same
    /// domain and joined on it.
    /// </summary>
    private BoundRelation BindCorrelatedFrom(ImmutableArray<TableReference> from, CorrelatedDomain domain, QueryMode mode)
    {
        var current = domain.Relation;
        var onlyDomain = true;
        foreach (var item in from)
        {
            switch (item)
            {
                case FunctionTableReference function:
                    current = BindTableFunction(function, current);
                    break;
                case SubqueryTableReference { Lateral: false } derived when TryBindUncorrelated(derived.Query, mode) is null:
                    current = JoinCorrelatedDerived(current, onlyDomain, derived, domain, mode);
                    break;
                default:
                    var right = BindTableReference(item, mode);
                    current = new BoundRelation(
                        new LogicalJoin(current.Plan, right.Plan, LogicalJoinKind.Cross, [], null, JoinStrategy.Regular, null),
                        current.Scope.Concat(right.Scope));
                    break;
            }

            onlyDomain = false;
        }

        return current;
    }

    /// <summary>
    /// A derived table that reads outer columns, bound over the domain: its rows carry their domain value
    /// first, so they join the FROM list so far on it (replacing the domain when nothing else came before).
    /// When it aggregates without GROUP BY, a domain value without rows still has its one row.
    /// </summary>
    private BoundRelation JoinCorrelatedDerived(BoundRelation current, bool onlyDomain, SubqueryTableReference derived, CorrelatedDomain domain, QueryMode mode)
    {
        var k = domain.Width;
        var inner = BindQuery(derived.Query, mode, domain);
        var empty = domain.EmptyGroupValues;
        domain.EmptyGroupValues = null;


        // Alias the derived table's own columns; its leading domain columns are found as the domain's.
        var hiddenDomain = new Scope([.. domain.Relation.Scope.Columns.Select(c => c with { Outer = null }), .. inner.Scope.Columns.Skip(k)]);
        var renamed = Rename(new BoundRelation(inner.Plan, hiddenDomain), derived.Alias?.Name.Name, derived.Alias?.Columns ?? [], derived.Span);
        var own = renamed.Scope.Columns.Skip(k).ToImmutableArray();
        if (onlyDomain && empty is null)
        {
            return new BoundRelation(renamed.Plan, new Scope([.. domain.Relation.Scope.Columns, .. own]));
        }

        var right = empty is null ? renamed.Plan : WithMatchedColumn(renamed.Plan);
        var width = current.Plan.Schema.Length;
        var equalities = Enumerable.Range(0, k).Select(j => (BoundExpression)new BoundIsDistinctFrom(
            new BoundColumn(j, current.Plan.Schema[j].Name, current.Plan.Schema[j].Type),
            new BoundColumn(width + j, right.Schema[j].Name, right.Schema[j].Type),
            Negated: true)).ToImmutableArray();
        LogicalPlan plan = new LogicalJoin(current.Plan, right, empty is null ? LogicalJoinKind.Inner : LogicalJoinKind.Left, [],
            equalities.Length == 1 ? equalities[0] : new BoundBoolean(BoolOperator.And, equalities), JoinStrategy.Regular, null);
        var unreachable = Enumerable.Range(0, k).Select(j => new ScopeColumn("?domain?", right.Schema[j].Name, right.Schema[j].Type, Hidden: true, QualifiedOnly: true));
        if (empty is { } values)
        {
            // Padded rows take the values over no rows, computed from the domain columns of the row so far.
            var matched = new BoundColumn(width + right.Schema.Length - 1, "?matched", DataType.Boolean);
            var currentDomain = Enumerable.Range(0, k).Select(j => (BoundExpression)new BoundColumn(j, current.Plan.Schema[j].Name, current.Plan.Schema[j].Type)).ToImmutableArray();
            var expressions = plan.Schema.Take(width + k).Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToList();
            for (var i = 0; i < own.Length; i++)
            {
                var column = right.Schema[k + i];
                expressions.Add(new BoundCase(
                    [new BoundWhen(new BoundIsNull(matched, Negated: true), new BoundColumn(width + k + i, column.Name, column.Type))],
                    ExpressionRewriter.Substitute(values[i], currentDomain), column.Type));
            }

            plan = new LogicalProject(plan, [.. expressions], [.. plan.Schema.Take(width + k + own.Length).Select(c => c.Name)]);
        }

        return new BoundRelation(plan, new Scope([.. current.Scope.Columns, .. unreachable, .. own]));
    }

    /// <summary>The clauses a SELECT bound over a domain cannot have: each outer value would need its own.</summary>
    private void CheckCorrelatedSelect(SelectBody select, Query? query, CorrelatedDomain domain, WindowCollector windows)
    {
        if (query is { Limit: not null } || query is { Offset: not null })
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, (query.Limit ?? query.Offset)!.Span, "LIMIT or OFFSET in a subquery that reads columns of the enclosing query");
        }

        if (!select.DistinctOn.IsEmpty)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, select.DistinctOn[0].Span, "DISTINCT ON in a subquery that reads columns of the enclosing query");
        }

        if (windows.Calls.Count > 0)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, windows.Calls[0].Span, "a window function in a subquery that reads columns of the enclosing query");
        }

        if (select.Having is not null && select.GroupBy.IsEmpty)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, select.Having.Span, "HAVING without GROUP BY in a subquery that reads columns of the enclosing query");
        }
    }

    /// <summary>The value of each aggregate over no rows: 0 for the counts, NULL for the others.</summary>
    private static BoundExpression EmptyGroupValue(BoundExpression output, AggregateCollector aggregates) =>
        ExpressionRewriter.Rewrite(output, e => e is BoundAggregateRef r
            ? aggregates.Calls[r.Index].Name is "count" or "approx_count_distinct" && r.Type.Kind == TypeKind.Int64
                ? new BoundLiteral(0L, r.Type)
                : BoundLiteral.Null(r.Type)
            : null);
}
