using StreamSql.Runtime.Data;
using StreamSql.Runtime.Time;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// A source: its columns and optional watermark. Rows reach views only (sources keep no history);
/// its connector (<see cref="Connectors.ISource"/>) is given separately and may be absent for test control.
/// </summary>
public sealed record SourceDefinition(string Name, RowSchema Schema, WatermarkSpec? Watermark = null)
{
    /// <summary>At most this many rows of this source go into one epoch (the source's <c>max_rows_per_epoch</c>); null: the runtime's limit.</summary>
    public int? MaxRowsPerEpoch { get; init; }
}
