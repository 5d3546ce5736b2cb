using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Plan;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;
using LogicalWindowKind = StreamSql.Planner.Logical.WindowKind;
using RuntimeAggregateCall = StreamSql.Runtime.Plan.AggregateCall;

namespace StreamSql.Planner;

/// <summary>
/// Turns an optimised logical plan into the runtime's physical plan. Watermark nodes disappear
/// (the runtime takes watermarks from the source and table definitions); a SESSION window and
/// the aggregate over it become one session aggregate; everything else maps one to one.
/// </summary>
public static class Lowering
{
    public static PlanNode Lower(LogicalPlan plan) => plan switch
    {
        LogicalScan scan => scan.Relation switch
        {
            SourceDefinition source => new SourceScanNode(source.Name, Schema(scan.Schema)),
            TableDefinition table => new TableScanNode(table.Name, Schema(scan.Schema), table.AppendOnly),
            MaterializedViewDefinition view => new ViewScanNode(view.Name, Schema(scan.Schema), view.Plan.Changelog == Logical.ChangelogMode.AppendOnly),
            _ => new TableScanNode(scan.Relation.Name, Schema(scan.Schema)),
        },
        LogicalWatermark watermark => Lower(watermark.Input),
        LogicalFilter filter => new FilterNode(Lower(filter.Input), Expression(filter.Predicate)),
        LogicalProject project => new ProjectNode(Lower(project.Input), project.Expressions.Select(Expression).ToImmutableArray(), Schema(project.Schema))
        {
            // Only the proctime() calls themselves: columns computed from them (window bounds) carry their own watermarks.
            ProcessingTimeColumns = [.. Enumerable.Range(0, project.Schema.Length)
                .Where(i => project.Schema[i].Watermark == LogicalProject.ProcessingTime && LogicalProject.IsProcessingTime(project.Expressions[i]))],
        },
        LogicalWindow { Kind: LogicalWindowKind.Session } => throw new InvalidOperationException("a SESSION window is lowered with the aggregate above it"),
        LogicalWindow window => new WindowAssignNode(Lower(window.Input),
            window.Kind == LogicalWindowKind.Tumble ? Runtime.Plan.WindowKind.Tumble : Runtime.Plan.WindowKind.Hop,
            window.TimeColumn, window.Size, window.Slide, window.Offset),
        LogicalAggregate { Session: not null } aggregate => LowerSession(aggregate),
        LogicalAggregate aggregate => new HashAggregateNode(Lower(aggregate.Input), aggregate.Keys,
            aggregate.Aggregates.Select(Aggregate).ToImmutableArray(), Schema(aggregate.Schema),
            aggregate.Emit == EmitMode.OnWindowClose ? Runtime.Plan.EmitMode.OnWindowClose : Runtime.Plan.EmitMode.OnUpdate,
            aggregate.WindowKey >= 0 && aggregate.ClosingWatermark is not null ? aggregate.WindowKey : null),
        LogicalJoin join => new JoinNode(Lower(join.Left), Lower(join.Right),
            join.Kind switch
            {
                LogicalJoinKind.Left => Runtime.Plan.JoinKind.Left,
                LogicalJoinKind.Right => Runtime.Plan.JoinKind.Right,
                LogicalJoinKind.Full => Runtime.Plan.JoinKind.Full,
                _ => Runtime.Plan.JoinKind.Inner,
            },
            join.EquiKeys.Select(k => k.Left).ToImmutableArray(),
            join.EquiKeys.Select(k => k.Right).ToImmutableArray(),
            join.Condition is null ? null : Expression(join.Condition),
            join.Strategy switch
            {
                JoinStrategy.Interval => JoinVariant.Interval,
                JoinStrategy.Window => JoinVariant.Window,
                _ => JoinVariant.Regular,
            },
            join.Interval is { } b ? new IntervalJoinBounds(b.LeftTime, b.RightTime, Micros(b.Lower), Micros(b.Upper)) : null,
            join.EquiKeys.Any(k => k.NullSafe) ? join.EquiKeys.Select(k => k.NullSafe).ToImmutableArray() : default),
        LogicalTopN topN => new TopNNode(Lower(topN.Input), topN.PartitionBy, topN.OrderBy.Select(Sort).ToImmutableArray(),
            topN.Limit == long.MaxValue ? null : topN.Limit, topN.Offset, topN.RowNumber),
        LogicalDistinct distinct => new DistinctNode(Lower(distinct.Input)),
        LogicalUnion union => new UnionAllNode(union.Branches.Select(Lower).ToImmutableArray()),
        LogicalValues values => new ValuesNode(Schema(values.Schema), values.Rows.Select(r => r.Select(Expression).ToImmutableArray()).ToImmutableArray()),
        LogicalUnnest unnest => new UnnestNode(Lower(unnest.Input), Expression(unnest.Array), unnest.ElementName, unnest.WithOrdinality, unnest.OrdinalityName),
        LogicalSort sort => LowerSort(sort),
        LogicalEmitOnWindowClose eowc => new WatermarkFilterNode(Lower(eowc.Input), eowc.TimeColumn),
        LogicalMaterialize materialize => new MaterializeNode(Lower(materialize.Input)),
        LogicalSink sink => new SinkNode(Lower(sink.Input), sink.Name),
        _ => throw new InvalidOperationException($"no lowering for {plan.GetType().Name}"),
    };

    private static PlanNode LowerSort(LogicalSort sort)
    {
        var input = Lower(sort.Input);
        if (!sort.OrderBy.IsEmpty)
        {
            input = new SortNode(input, sort.OrderBy.Select(Sort).ToImmutableArray());
        }

        if (sort.LimitParameter is not null || sort.OffsetParameter is not null)
        {
            return new LimitNode(input, sort.Limit, sort.Offset,
                sort.LimitParameter is null ? null : Expression(sort.LimitParameter),
                sort.OffsetParameter is null ? null : Expression(sort.OffsetParameter));
        }

        return sort.Limit is null && sort.Offset == 0 ? input : new LimitNode(input, sort.Limit, sort.Offset);
    }

    /// <summary>
    /// SESSION(rel, ts, gap) grouped by keys: the runtime's session aggregate takes the keys other than
    /// window_start/window_end and the time column, and outputs keys, window_start, window_end, aggregates;
    /// a projection restores the logical column order.
    /// </summary>
    private static PlanNode LowerSession(LogicalAggregate aggregate)
    {
        var session = aggregate.Session!;
        var width = session.Input.Schema.Length;
        if (aggregate.Input is not LogicalProject pre || !IsOver(pre.Input, session))
        {
            throw new InvalidOperationException("a session aggregate reads a projection of its SESSION window");
        }

        var below = LowerBelowSession(pre.Input, session);
        var expressions = new List<PlanExpression>();
        var keyMap = new int[aggregate.Keys.Length];
        var columnMap = new Dictionary<int, int>();
        var windowColumns = new int[2] { -1, -1 };
        for (var i = 0; i < pre.Expressions.Length; i++)
        {
            if (pre.Expressions[i] is BoundColumn c && c.Index >= width)
            {
                windowColumns[c.Index - width] = i;
                continue;
            }

            columnMap[i] = expressions.Count;
            expressions.Add(Expression(pre.Expressions[i]));
        }

        var timeColumn = expressions.Count;
        expressions.Add(new ColumnExpression(session.TimeColumn, session.Input.Schema[session.TimeColumn].Type));
        var fields = expressions.Select((e, i) => new RowField($"c{i}", e.Type)).ToImmutableArray();
        var projected = new ProjectNode(below, [.. expressions], new RowSchema(fields));

        var groupKeys = new List<int>();
        for (var k = 0; k < aggregate.Keys.Length; k++)
        {
            var key = aggregate.Keys[k];
            if (key == windowColumns[0] || key == windowColumns[1])
            {
                keyMap[k] = -1;
                continue;
            }

            keyMap[k] = groupKeys.Count;
            groupKeys.Add(columnMap[key]);
        }

        var aggregates = aggregate.Aggregates
            .Select(a => Aggregate(a with { Arguments = a.Arguments.Select(x => ExpressionRewriter.Remap(x, i => columnMap[i])).ToImmutableArray() }))
            .ToImmutableArray();
        var time = session.Input.Schema[session.TimeColumn].Type;
        var outputFields = groupKeys.Select((g, i) => new RowField($"k{i}", fields[g].Type))
            .Append(new RowField("window_start", time)).Append(new RowField("window_end", time))
            .Concat(aggregates.Select((a, i) => new RowField($"a{i}", a.ResultType)))
            .ToImmutableArray();
        var node = new SessionWindowAggregateNode(projected, [.. groupKeys], timeColumn, session.Size, aggregates, new RowSchema(outputFields),
            aggregate.Emit == EmitMode.OnWindowClose ? Runtime.Plan.EmitMode.OnWindowClose : Runtime.Plan.EmitMode.OnUpdate);

        var reorder = new List<PlanExpression>();
        for (var k = 0; k < aggregate.Keys.Length; k++)
        {
            var key = aggregate.Keys[k];
            var position = keyMap[k] >= 0 ? keyMap[k] : key == windowColumns[0] ? groupKeys.Count : groupKeys.Count + 1;
            reorder.Add(new ColumnExpression(position, outputFields[position].Type));
        }

        for (var a = 0; a < aggregates.Length; a++)
        {
            reorder.Add(new ColumnExpression(groupKeys.Count + 2 + a, aggregates[a].ResultType));
        }

        return new ProjectNode(node, [.. reorder], Schema(aggregate.Schema));
    }

    private static bool IsOver(LogicalPlan plan, LogicalWindow session) =>
        ReferenceEquals(plan, session) || plan is LogicalFilter filter && IsOver(filter.Input, session);

    private static PlanNode LowerBelowSession(LogicalPlan plan, LogicalWindow session) => plan switch
    {
        _ when ReferenceEquals(plan, session) => Lower(session.Input),
        LogicalFilter filter => new FilterNode(LowerBelowSession(filter.Input, session), Expression(filter.Predicate)),
        _ => throw new InvalidOperationException("unexpected node between a SESSION window and its aggregate"),
    };

    private static long Micros(Interval interval) => interval.Days * Interval.MicrosPerDay + interval.Micros + interval.Months * 30L * Interval.MicrosPerDay;

    private static Runtime.Plan.SortKey Sort(Logical.SortKey key) => new(key.Column, key.Descending, key.NullsFirst);

    public static RowSchema Schema(ImmutableArray<PlanColumn> columns) => new(columns.Select(c => new RowField(c.Name, c.Type)).ToImmutableArray());

    private static RuntimeAggregateCall Aggregate(Binding.AggregateCall call) => new(
        call.Name,
        call.Arguments.Select(Expression).ToImmutableArray(),
        call.Type,
        call.Distinct,
        call.Filter is null ? null : Expression(call.Filter),
        call.OrderBy.Select(o => o.Expression is BoundColumn c
            ? new Runtime.Plan.SortKey(c.Index, o.Descending, o.NullsFirst)
            : throw new InvalidOperationException("aggregate ORDER BY keys are projected to columns before lowering")).ToImmutableArray());

    public static PlanExpression Expression(BoundExpression expression) => expression switch
    {
        BoundColumn c => new ColumnExpression(c.Index, c.Type),
        BoundLiteral l => new Runtime.Plan.LiteralExpression(l.Value, l.Type.Kind == TypeKind.Unknown ? DataType.Text : l.Type),
        BoundParameter p => new Runtime.Plan.ParameterExpression(p.Ordinal, p.Type.Kind == TypeKind.Unknown ? DataType.Text : p.Type),
        BoundCall call => new CallExpression(call.Function, call.Arguments.Select(Expression).ToImmutableArray(), call.Type),
        BoundCast cast => new Runtime.Plan.CastExpression(Expression(cast.Operand), cast.Type),
        BoundBoolean { Operator: BoolOperator.Not } not => new NotExpression(Expression(not.Operands[0])),
        BoundBoolean { Operator: BoolOperator.And } and => new AndExpression(and.Operands.Select(Expression).ToImmutableArray()),
        BoundBoolean or => new OrExpression(or.Operands.Select(Expression).ToImmutableArray()),
        BoundIsNull isNull => new IsNullExpression(Expression(isNull.Operand), isNull.Negated),
        BoundIsDistinctFrom d => new IsDistinctFromExpression(Expression(d.Left), Expression(d.Right), d.Negated),
        BoundInList inList => new InListExpression(Expression(inList.Operand), inList.List.Select(Expression).ToImmutableArray(), inList.Negated),
        BoundCase @case => new Runtime.Plan.CaseExpression(
            @case.Whens.Select(w => new CaseBranch(Expression(w.Condition), Expression(w.Result))).ToImmutableArray(),
            @case.Else is null ? null : Expression(@case.Else), @case.Type),
        BoundCoalesce coalesce => new CoalesceExpression(coalesce.Operands.Select(Expression).ToImmutableArray(), coalesce.Type),
        BoundArray array => new CallExpression(Builtin(OperatorNames.ArrayConstructor), array.Elements.Select(Expression).ToImmutableArray(), array.Type),
        BoundSubscript subscript => new CallExpression(Builtin(OperatorNames.Subscript), [Expression(subscript.Array), Expression(subscript.Index)], subscript.Type),
        _ => throw new InvalidOperationException($"binder placeholder {expression.GetType().Name} reached the lowering"),
    };

    private static ScalarFunction Builtin(string name) =>
        FunctionRegistry.Default.Lookup(name).FirstOrDefault() ?? throw new InvalidOperationException($"the runtime registers no {name} function");
}
