namespace StreamSql.Runtime.Engine;

/// <summary>The consolidated changes of one view in one committed epoch (never empty).</summary>
public sealed record ViewChange(long Epoch, IReadOnlyList<ChangeRow> Rows);
