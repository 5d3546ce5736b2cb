using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A leaf of a dataflow: the scan (of a table, source or view) or the constant rows it reads, and
/// the operator its changes enter through.
/// </summary>
public sealed record DataflowInput(PlanNode Leaf, IOperator Entry)
{
    /// <summary>The timer of the dataflow this input enters (set when the dataflow is attached).</summary>
    internal DataflowTimer? Timer { get; set; }

    /// <summary>
    /// The columns of the scanned relation this dataflow reads (the leaf feeds a projection of plain
    /// columns), or null when it reads whole rows.
    /// </summary>
    internal IReadOnlyCollection<int>? ReadColumns { get; set; }

    /// <summary>The relation scanned, or null for constant rows.</summary>
    public string? Relation => Leaf switch
    {
        TableScanNode t => t.Table,
        SourceScanNode s => s.Source,
        ViewScanNode v => v.View,
        _ => null,
    };
}
