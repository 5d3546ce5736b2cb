using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Logical;

/// <summary>An output column of a plan node.</summary>
/// <param name="Watermark">When set, the column carries a watermark originating at this source column (e.g. <c>clicks.ts</c>):
/// rows below the watermark no longer arrive, so state keyed by this column can be freed.</param>
public sealed record PlanColumn(string Name, DataType Type, string? Watermark = null)
{
    public override string ToString() => $"{Name} {Type}";
}
