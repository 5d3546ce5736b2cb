using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>
/// <c>WATERMARK FOR column AS column - delay</c>: the relation's watermark is the maximum of
/// <see cref="ColumnName"/> seen so far minus <see cref="Delay"/>. Only this shape is accepted, because
/// it is monotonic in the column and the engine can compute it without evaluating an expression.
/// </summary>
/// <param name="ColumnIndex">Index of the event-time column in the relation's columns.</param>
/// <param name="Delay">Non-negative fixed-length delay (zero for <c>AS column</c>).</param>
/// <param name="Text">The watermark expression as written, for SHOW CREATE.</param>
public sealed record WatermarkDefinition(int ColumnIndex, string ColumnName, Interval Delay, string Text);
