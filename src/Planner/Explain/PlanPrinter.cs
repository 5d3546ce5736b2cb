using System.Collections.Immutable;
using System.Text;
using StreamSql.Parser.Diagnostics;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Plan;

namespace StreamSql.Planner;

/// <summary>
/// Prints plans for EXPLAIN: one node a line, children indented by two spaces, each with its
/// changelog mode and, for stateful nodes, how its state is bounded; then one line per warning.
/// The text is stable (golden files compare it exactly).
/// </summary>
public static class PlanPrinter
{
    public static ImmutableArray<string> Explain(PlannedStatement statement, bool physical)
    {
        var logical = statement switch
        {
            QueryPlan q => q.Logical,
            CreateMaterializedViewPlan v => new LogicalMaterialize(v.View.Plan, v.View.Name),
            CreateSinkPlan s => new LogicalSink(s.Sink.Plan, s.Sink.Name, s.Sink.Connector, s.Sink.Format),
            CreateViewPlan v => v.View.Plan,
            DmlPlan dml => dml.Logical,
            SubscribePlan s => s.Logical,
            _ => null,
        };
        var node = statement switch
        {
            QueryPlan q => q.Physical,
            CreateMaterializedViewPlan v => v.Physical,
            CreateSinkPlan s => s.Physical,
            DmlPlan dml => dml.Rows,
            SubscribePlan { Physical: { } p } => p,
            _ => null,
        };

        if (logical is not null && !physical)
        {
            return Print(logical);
        }

        if (node is not null)
        {
            var lines = ImmutableArray.CreateBuilder<string>();
            Print(node, 0, lines);
            if (logical is not null)
            {
                lines.AddRange(Warnings(logical).Select(w => $"warning {w.Descriptor.Code}: {w.Message}"));
            }

            return lines.ToImmutable();
        }

        return statement switch
        {
            SubscribePlan { Relation: { } relation } => [$"Subscribe {relation.Name}"],
            CreateTablePlan t => [$"CreateTable {t.Table.Name}"],
            CreateSourcePlan s => [$"CreateSource {s.Source.Name} connector {s.Source.Connector.Name} format {s.Source.Format.Name.ToLowerInvariant()}"],
            DropPlan d => [.. d.Dropped.Select(o => $"Drop {KindText(o.Kind)} {o.Name}")],
            _ => [statement.CommandTag],
        };
    }

    /// <summary>The logical plan tree followed by its warnings.</summary>
    public static ImmutableArray<string> Print(LogicalPlan plan)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        Print(plan, 0, lines);
        lines.AddRange(Warnings(plan).Select(w => $"warning {w.Descriptor.Code}: {w.Message}"));
        return lines.ToImmutable();
    }

    private static void Print(LogicalPlan plan, int depth, ImmutableArray<string>.Builder lines)
    {
        var text = new StringBuilder();
        text.Append(' ', depth * 2).Append(plan.Describe()).Append("  [").Append(ModeText(plan.Changelog));
        if (plan.State.Kind != StateBoundKind.Stateless)
        {
            text.Append("; state: ").Append(plan.State);
        }

        lines.Add(text.Append(']').ToString());
        foreach (var input in plan.Inputs)
        {
            Print(input, depth + 1, lines);
        }
    }

    private static void Print(PlanNode node, int depth, ImmutableArray<string>.Builder lines, Func<PlanNode, string?>? annotate = null)
    {
        var line = $"{new string(' ', depth * 2)}{node.Describe()}  [{ModeText(node.Mode)}]";
        lines.Add(annotate?.Invoke(node) is { } note ? $"{line}  ({note})" : line);
        foreach (var input in node.Inputs)
        {
            Print(input, depth + 1, lines, annotate);
        }
    }

    /// <summary>
    /// A physical plan as EXPLAIN PHYSICAL prints it, each node followed by what
    /// <paramref name="annotate"/> says of it (EXPLAIN ANALYZE: what it did while the query ran).
    /// </summary>
    public static ImmutableArray<string> Annotated(PlanNode physical, Func<PlanNode, string?> annotate)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        Print(physical, 0, lines, annotate);
        return lines.ToImmutable();
    }

    public static string ModeText(Logical.ChangelogMode mode) => mode switch
    {
        Logical.ChangelogMode.AppendOnly => "append-only",
        Logical.ChangelogMode.Upsert => "upsert",
        _ => "retracting",
    };

    private static string ModeText(Runtime.Plan.ChangelogMode mode) => mode switch
    {
        Runtime.Plan.ChangelogMode.AppendOnly => "append-only",
        Runtime.Plan.ChangelogMode.Upsert => "upsert",
        _ => "retracting",
    };

    private static string KindText(ObjectKind kind) => kind == ObjectKind.MaterializedView ? "materialized view" : kind.ToString().ToLowerInvariant();

    /// <summary>Warnings for a streaming plan: state that grows forever, windows that can never close.</summary>
    public static ImmutableArray<PlanWarning> Warnings(LogicalPlan plan)
    {
        var warnings = ImmutableArray.CreateBuilder<PlanWarning>();
        foreach (var node in plan.DescendantsAndSelf())
        {
            if (node is LogicalWindow window && window.Input.Schema[window.TimeColumn].Watermark is null)
            {
                var input = window.Input.DescendantsAndSelf().OfType<LogicalScan>().Select(s => s.Relation.Name).FirstOrDefault() ?? "the input";
                warnings.Add(new PlanWarning(DiagnosticCodes.WindowNeverCloses, [window.Describe(), input]));
            }

            if (node.State.Kind == StateBoundKind.Unbounded)
            {
                warnings.Add(new PlanWarning(DiagnosticCodes.UnboundedState, [node.Describe().Split(' ')[0], Reason(node)]));
            }
        }

        return warnings.ToImmutable();
    }

    private static string Reason(LogicalPlan node) => node switch
    {
        LogicalAggregate { IsWindowed: true } => "its windows never close because the time column has no watermark",
        LogicalAggregate { Keys.IsEmpty: true } a =>
            $"{a.Aggregates.First(a.KeepsValues).Name} keeps every value it has seen (DISTINCT, or rows that can be updated or deleted)",
        LogicalAggregate => "a running aggregate keeps one group per distinct key for ever",
        LogicalJoin => "a regular join keeps every row of both inputs",
        LogicalTopN => "it keeps every row of each partition",
        LogicalDistinct => "it keeps every distinct row",
        _ => "nothing frees it",
    };
}
