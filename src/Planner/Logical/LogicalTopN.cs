using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Keeps the first <see cref="Limit"/> rows (after <see cref="Offset"/>) of each partition in
/// <see cref="OrderBy"/> order; a limit of 1 is deduplication. From <c>ROW_NUMBER() OVER (...)</c>
/// filtered <c>&lt;= N</c>, from <c>DISTINCT ON</c>, and from <c>ORDER BY ... LIMIT</c> in a view.
/// </summary>
/// <param name="Limit">Rows kept per partition; <see cref="long.MaxValue"/> keeps them all (an unfiltered ROW_NUMBER()).</param>
/// <param name="RowNumber">When true, a <c>row_number</c> BIGINT column is appended to the output.</param>
public sealed record LogicalTopN(
    LogicalPlan Input,
    ImmutableArray<int> PartitionBy,
    ImmutableArray<SortKey> OrderBy,
    long Limit,
    long Offset,
    bool RowNumber,
    string RowNumberName = "row_number") : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        RowNumber ? Input.Schema.Add(new PlanColumn(RowNumberName, Runtime.Types.DataType.Int64)) : Input.Schema;

    public override ChangelogMode Changelog => ChangelogMode.Retracting;

    /// <summary>
    /// Partitioned by a window column with a watermark, each partition is dropped when its window closes.
    /// Otherwise, an append-only input only needs the current top rows per partition; a retracting one all rows.
    /// </summary>
    public override StateBound State =>
        PartitionBy.Select(p => Input.Schema[p].Watermark).FirstOrDefault(w => w is not null) is { } watermark
            ? new StateBound(StateBoundKind.WindowClose, watermark)
            : PartitionBy.IsEmpty && Input.Changelog == ChangelogMode.AppendOnly ? StateBound.Fixed
            : StateBound.Unbounded;

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe()
    {
        var name = Limit == 1 && Offset == 0 ? "Deduplicate" : "TopN";
        var partition = PartitionBy.IsEmpty ? "" : " partition by " + string.Join(", ", PartitionBy.Select(p => Input.Schema[p].Name));
        var order = OrderBy.IsEmpty ? "" : " order by " + PlanText.SortKeys(OrderBy, Input.Schema);
        var offset = Offset > 0 ? $" offset {Offset}" : "";
        var limit = Limit == long.MaxValue ? "" : $" limit {Limit}";
        return $"{name}{partition}{order}{limit}{offset}";
    }
}
