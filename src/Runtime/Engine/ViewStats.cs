namespace StreamSql.Runtime.Engine;

/// <summary>A materialized view's size and cost (see <see cref="StreamingRuntime.GetViewStats"/>).</summary>
/// <param name="StateBytes">Null unless measured.</param>
public sealed record ViewStats(string Name, long Rows, long LastEpochMicros, long TotalMicros, long Epochs, long? StateBytes);
