using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// The late-row handler of one operator of a view: its late rows are the view's, and count for the
/// relations read below that operator only (a window join's row late on one side is not charged to
/// the other side's table).
/// </summary>
internal sealed class AttributedLateRows(ViewLateRows view, IReadOnlySet<string> relations) : ILateRowHandler
{
    public void OnLateRows(Batch batch, ReadOnlySpan<int> rows) => view.OnLateRows(batch, rows, relations);

    /// <summary>The relations scanned at or below <paramref name="node"/>.</summary>
    public static IReadOnlySet<string> Below(PlanNode node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, names);
        return names;
    }

    private static void Collect(PlanNode node, HashSet<string> names)
    {
        switch (node)
        {
            case TableScanNode t:
                names.Add(t.Table);
                break;
            case SourceScanNode s:
                names.Add(s.Source);
                break;
            case ViewScanNode v:
                names.Add(v.View);
                break;
        }
        foreach (var input in node.Inputs)
            Collect(input, names);
    }
}
