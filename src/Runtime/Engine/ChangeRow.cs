namespace StreamSql.Runtime.Engine;

/// <summary>One changed row of a view: its values and diff (+n inserted, -n retracted).</summary>
public sealed record ChangeRow(object?[] Values, int Diff);
