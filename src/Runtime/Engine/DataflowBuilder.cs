using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// Turns a physical plan into connected operators, from the root down: each node's operator is
/// built with its consumer as downstream, and scans become <see cref="DataflowInput"/>s.
/// <see cref="MaterializeNode"/> and <see cref="SinkNode"/> at the root are handled by the caller
/// (they are the dataflow's downstream); inside a plan they pass rows through. With
/// <paramref name="observed"/>, each node's output goes through an <see cref="ObservedOperator"/>
/// whose counts land there under the node (EXPLAIN ANALYZE).
/// </summary>
public sealed class DataflowBuilder(ExpressionCompiler compiler, ILateRowHandler late, IDictionary<PlanNode, NodeStats>? observed = null)
{
    private readonly List<DataflowInput> inputs = [];
    private readonly List<IOperator> operators = [];

    public Dataflow Build(PlanNode root, IOperator downstream)
    {
        inputs.Clear();
        operators.Clear();
        Connect(root, downstream);
        operators.Reverse();
        return new Dataflow([.. inputs], [.. operators]);
    }

    private void Connect(PlanNode node, IOperator downstream)
    {
        if (observed is not null)
        {
            var stats = new NodeStats();
            observed[node] = stats;
            downstream = new ObservedOperator(downstream, stats);
        }

        switch (node)
        {
            case TableScanNode or SourceScanNode or ViewScanNode or ValuesNode:
                inputs.Add(new DataflowInput(node, downstream));
                break;
            case FilterNode f:
                Connect(f.Input, Add(new FilterOperator(compiler.Compile(f.Predicate), downstream)));
                break;
            case ProjectNode p:
                Connect(p.Input, Add(new ProjectOperator(compiler.CompileAll(p.Expressions), downstream, p.ProcessingTimeColumns, compiler.Clock)));
                break;
            case WindowAssignNode w:
                Connect(w.Input, Add(new WindowAssignOperator(w, LateFrom(w.Input), downstream)));
                break;
            case HashAggregateNode a when PanedHopAggregateOperator.Supports(a):
                // HOP windows aggregated per slide-sized pane: one state update per row, not size / slide.
                Connect(((WindowAssignNode)a.Input).Input, Add(new PanedHopAggregateOperator(a, compiler, LateFrom(a.Input), downstream)));
                break;
            case HashAggregateNode a:
                Connect(a.Input, Add(new HashAggregateOperator(a, compiler, LateFrom(a.Input), downstream)));
                break;
            case SessionWindowAggregateNode s:
                Connect(s.Input, Add(new SessionWindowOperator(s, compiler, LateFrom(s.Input), downstream)));
                break;
            case JoinNode j:
                var join = new JoinOperator(j, compiler, downstream, LateFrom(j.Left), LateFrom(j.Right));
                Add(join.Left);
                Connect(j.Left, join.Left);
                Connect(j.Right, join.Right);
                break;
            case TopNNode t:
                Connect(t.Input, Add(new TopNOperator(t, downstream)));
                break;
            case DistinctNode d:
                Connect(d.Input, Add(new DistinctOperator(d.Schema.Types, downstream)));
                break;
            case UnionAllNode u:
                var union = new UnionAllOperator(u.Children.Length, downstream);
                for (int i = 0; i < u.Children.Length; i++)
                    Connect(u.Children[i], union.Inputs[i]);
                break;
            case UnnestNode n:
                Connect(n.Input, Add(new UnnestOperator(n, compiler.Compile(n.Array), downstream)));
                break;
            case SortNode s:
                Connect(s.Input, Add(new SortOperator(s.Schema.Types, s.Keys, downstream)));
                break;
            case LimitNode l:
                Connect(l.Input, Add(new LimitOperator(l.Schema.Types,
                    l.LimitExpression is null ? l.Limit : RowCount(l.LimitExpression, "2201W", "LIMIT"),
                    l.OffsetExpression is null ? l.Offset : RowCount(l.OffsetExpression, "2201X", "OFFSET") ?? 0, downstream)));
                break;
            case WatermarkFilterNode wf:
                Connect(wf.Input, Add(new WatermarkFilterOperator(wf.Schema.Types, wf.TimeColumn, LateFrom(wf.Input), downstream)));
                break;
            case MaterializeNode m:
                Connect(m.Input, downstream);
                break;
            case SinkNode s:
                Connect(s.Input, downstream);
                break;
            default:
                throw new SqlStateException(SqlStateException.FeatureNotSupported, $"plan node {node.GetType().Name} is not supported by the runtime");
        }
    }

    /// <summary>A LIMIT or OFFSET given by a parameter: its value now (null: none); negative is PostgreSQL's error.</summary>
    private long? RowCount(PlanExpression expression, string sqlState, string clause)
    {
        var value = compiler.EvaluateConstant(expression);
        if (value is null)
            return null;
        long count = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        return count >= 0 ? count : throw new SqlStateException(sqlState, $"{clause} must not be negative");
    }

    private IOperator Add(IOperator op)
    {
        operators.Add(op);
        return op;
    }

    /// <summary>The handler for an operator over <paramref name="input"/>: a view's counts its late rows for the relations below it only.</summary>
    private ILateRowHandler LateFrom(PlanNode input) =>
        late is ViewLateRows view ? new AttributedLateRows(view, AttributedLateRows.Below(input)) : late;
}
