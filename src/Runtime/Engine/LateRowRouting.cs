using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// Finds, for a view with LATE DATA TO, the windowing node that decides lateness and the scan
/// column its time column comes from, so a <see cref="LateRowGuardOperator"/> can divert late rows
/// whole at the scan. Lateness rules match the operators': TUMBLE/HOP when the row's last window
/// has ended (<c>align(ts, slide) + size &lt;= watermark</c>), SESSION when <c>ts + gap &lt;= watermark</c>,
/// EMIT ON WINDOW CLOSE rows when <c>ts &lt; watermark</c>.
/// </summary>
internal static class LateRowRouting
{
    public sealed record Route(PlanNode Leaf, int Column, Func<long, long, bool> IsLate);

    public static Route? Find(PlanNode plan)
    {
        switch (plan)
        {
            case WindowAssignNode w when w.Size.IsFixedLength && w.Slide.IsFixedLength && w.Offset.IsFixedLength:
            {
                long size = w.Size.TotalMicros, slide = w.Kind == WindowKind.Tumble ? size : w.Slide.TotalMicros, offset = w.Offset.TotalMicros;
                return Trace(w.Input, w.TimeColumn, (ts, wm) => WindowMath.Align(ts, slide, offset) + size <= wm);
            }
            case SessionWindowAggregateNode s when s.Gap.IsFixedLength:
            {
                long gap = s.Gap.TotalMicros;
                return Trace(s.Input, s.TimeColumn, (ts, wm) => ts + gap <= wm);
            }
            case WatermarkFilterNode f:
                return Trace(f.Input, f.TimeColumn, (ts, wm) => ts < wm);
            default:
                foreach (var input in plan.Inputs)
                    if (Find(input) is { } found)
                        return found;
                return null;
        }
    }

    /// <summary>
    /// The columns of the rows a view's late-row handler receives: the scanned relation's whole rows
    /// when a guard can be placed (<see cref="Find"/>), else the input of the operator that decides
    /// lateness; null when nothing in the plan can find a row late.
    /// </summary>
    public static Data.RowSchema? LateRowSchema(PlanNode plan) => Find(plan)?.Leaf.Schema ?? DecidingInput(plan);

    private static Data.RowSchema? DecidingInput(PlanNode plan) => plan switch
    {
        WindowAssignNode w => w.Input.Schema,
        SessionWindowAggregateNode s => s.Input.Schema,
        WatermarkFilterNode f => f.Input.Schema,
        _ => plan.Inputs.Select(DecidingInput).FirstOrDefault(s => s is not null),
    };

    private static Route? Trace(PlanNode node, int column, Func<long, long, bool> isLate) => node switch
    {
        TableScanNode or SourceScanNode or ViewScanNode => new Route(node, column, isLate),
        ProjectNode p when p.Expressions[column] is ColumnExpression c => Trace(p.Input, c.Index, isLate),
        FilterNode f => Trace(f.Input, column, isLate),
        WindowAssignNode w when column < w.Input.Schema.Count => Trace(w.Input, column, isLate),
        _ => null,
    };
}
