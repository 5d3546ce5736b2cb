namespace StreamSql.Runtime.Engine;

/// <summary>A materialized view's size and cost (see <see cref="StreamingRuntime.GetViewStats"/>).</summary>
/// <param name="StateBytes">Null unless measured.</param>
public sealed record ViewStats(string Name, long Rows, long LastEpochMicros, long TotalMicros, long Epochs, long? StateBytes)
{
    /// <summary>Rows delivered to the view's dataflow (its inputs' changes).</summary>
    public long RowsIn { get; init; }

    /// <summary>Changes the view committed (what its readers and subscribers receive).</summary>
    public long RowsOut { get; init; }
}
