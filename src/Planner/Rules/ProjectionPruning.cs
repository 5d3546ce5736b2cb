using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>
/// Removes columns nobody reads: unused projection outputs disappear, and a scan whose consumers read
/// only some of its columns gets a projection right above it, so joins, windows and aggregates carry
/// narrower rows. The root keeps every column. Nodes whose meaning depends on whole rows (DISTINCT,
/// UNION, top-N, SESSION windows) keep all their input columns.
/// </summary>
public static class ProjectionPruning
{
    public static LogicalPlan Apply(LogicalPlan plan) =>
        Prune(plan, Enumerable.Range(0, plan.Schema.Length).ToHashSet()).Plan;

    /// <summary>Returns the pruned plan and, for each old output column, its new position (-1 when dropped).</summary>
    private static (LogicalPlan Plan, int[] Map) Prune(LogicalPlan plan, HashSet<int> required)
    {
        switch (plan)
        {
            case LogicalProject project:
                {
                    var kept = Enumerable.Range(0, project.Expressions.Length).Where(required.Contains).ToList();
                    if (kept.Count == 0 && project.Expressions.Length > 0)
                    {
                        // Keep one column so the row count survives (count(*) over a projection).
                        kept.Add(0);
                    }

                    var needed = kept.SelectMany(i => ExpressionRewriter.Columns(project.Expressions[i])).ToHashSet();
                    var (input, inputMap) = Prune(project.Input, needed);
                    var map = Enumerable.Repeat(-1, project.Expressions.Length).ToArray();
                    for (var i = 0; i < kept.Count; i++)
                    {
                        map[kept[i]] = i;
                    }

                    var expressions = kept.Select(i => ExpressionRewriter.Remap(project.Expressions[i], c => inputMap[c])).ToImmutableArray();
                    return (new LogicalProject(input, expressions, kept.Select(i => project.Names[i]).ToImmutableArray()), map);
                }

            case LogicalFilter filter:
                {
                    var needed = required.Concat(ExpressionRewriter.Columns(filter.Predicate)).ToHashSet();
                    var (input, map) = Prune(filter.Input, needed);
                    return (new LogicalFilter(input, ExpressionRewriter.Remap(filter.Predicate, c => map[c])), map);
                }

            case LogicalScan scan:
                {
                    var width = scan.Schema.Length;
                    if (required.Count >= width || required.Count == 0)
                    {
                        return (scan, Identity(width));
                    }

                    var kept = Enumerable.Range(0, width).Where(required.Contains).ToList();
                    var map = Enumerable.Repeat(-1, width).ToArray();
                    for (var i = 0; i < kept.Count; i++)
                    {
                        map[kept[i]] = i;
                    }

                    var schema = scan.Schema;
                    return (new LogicalProject(scan,
                        kept.Select(i => (BoundExpression)new BoundColumn(i, schema[i].Name, schema[i].Type)).ToImmutableArray(),
                        kept.Select(i => schema[i].Name).ToImmutableArray()), map);
                }

            case LogicalWatermark watermark:
                {
                    // The watermark is computed over the scan's rows, so it stays right above the scan.
                    var scan = watermark.Input;
                    var width = scan.Schema.Length;
                    var needed = required.Append(watermark.Column).ToHashSet();
                    if (needed.Count >= width)
                    {
                        return (watermark with { Input = Prune(scan, Identity(width).ToHashSet()).Plan }, Identity(width));
                    }

                    var kept = Enumerable.Range(0, width).Where(needed.Contains).ToList();
                    var map = Enumerable.Repeat(-1, width).ToArray();
                    for (var i = 0; i < kept.Count; i++)
                    {
                        map[kept[i]] = i;
                    }

                    var schema = watermark.Schema;
                    var project = new LogicalProject(watermark,
                        kept.Select(i => (BoundExpression)new BoundColumn(i, schema[i].Name, schema[i].Type)).ToImmutableArray(),
                        kept.Select(i => schema[i].Name).ToImmutableArray());
                    return (project, map);
                }

            case LogicalWindow window when window.Kind != WindowKind.Session:
                {
                    var width = window.Input.Schema.Length;
                    var needed = required.Where(c => c < width).Append(window.TimeColumn).ToHashSet();
                    var (input, inputMap) = Prune(window.Input, needed);
                    var newWidth = input.Schema.Length;
                    var map = inputMap.Concat([newWidth, newWidth + 1]).ToArray();
                    return (window with { Input = input, TimeColumn = inputMap[window.TimeColumn] }, map);
                }

            case LogicalJoin join:
                {
                    var leftWidth = join.Left.Schema.Length;
                    var needed = required
                        .Concat(join.Condition is null ? [] : ExpressionRewriter.Columns(join.Condition))
                        .Concat(join.EquiKeys.SelectMany(k => new[] { k.Left, leftWidth + k.Right }))
                        .Concat(join.Interval is { } b ? [b.LeftTime, leftWidth + b.RightTime] : [])
                        .ToHashSet();
                    var (left, leftMap) = Prune(join.Left, needed.Where(c => c < leftWidth).ToHashSet());
                    var (right, rightMap) = Prune(join.Right, needed.Where(c => c >= leftWidth).Select(c => c - leftWidth).ToHashSet());
                    var newLeftWidth = left.Schema.Length;
                    var map = leftMap.Concat(rightMap.Select(m => m < 0 ? -1 : m + newLeftWidth)).ToArray();
                    var rebuilt = join with
                    {
                        Left = left,
                        Right = right,
                        EquiKeys = join.EquiKeys.Select(k => k with { Left = leftMap[k.Left], Right = rightMap[k.Right] }).ToImmutableArray(),
                        Condition = join.Condition is null ? null : ExpressionRewriter.Remap(join.Condition, c => map[c]),
                        Interval = join.Interval is { } i ? i with { LeftTime = leftMap[i.LeftTime], RightTime = rightMap[i.RightTime] } : null,
                    };
                    return (rebuilt, map);
                }

            case LogicalAggregate aggregate when aggregate.Session is null:
                {
                    var needed = aggregate.Keys
                        .Concat(aggregate.Aggregates.SelectMany(a => a.Arguments.Concat(a.Filter is null ? [] : [a.Filter]).Concat(a.OrderBy.Select(o => o.Expression)))
                            .SelectMany(ExpressionRewriter.Columns))
                        .ToHashSet();
                    var (input, inputMap) = Prune(aggregate.Input, needed);
                    var rebuilt = aggregate with
                    {
                        Input = input,
                        Keys = aggregate.Keys.Select(k => inputMap[k]).ToImmutableArray(),
                        Aggregates = aggregate.Aggregates.Select(a => a with
                        {
                            Arguments = a.Arguments.Select(x => ExpressionRewriter.Remap(x, c => inputMap[c])).ToImmutableArray(),
                            Filter = a.Filter is null ? null : ExpressionRewriter.Remap(a.Filter, c => inputMap[c]),
                            OrderBy = a.OrderBy.Select(o => o with { Expression = ExpressionRewriter.Remap(o.Expression, c => inputMap[c]) }).ToImmutableArray(),
                        }).ToImmutableArray(),
                    };
                    return (rebuilt, Identity(aggregate.Schema.Length));
                }

            case LogicalAggregate:
            case LogicalWindow:
                return (plan, Identity(plan.Schema.Length));

            default:
                {
                    var inputs = plan.Inputs.Select(i => Prune(i, Identity(i.Schema.Length).ToHashSet()).Plan).ToImmutableArray();
                    return (plan.WithInputs(inputs), Identity(plan.Schema.Length));
                }
        }
    }

    private static int[] Identity(int width) => Enumerable.Range(0, width).ToArray();
}
