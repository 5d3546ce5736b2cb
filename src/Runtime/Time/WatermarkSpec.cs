namespace StreamSql.Runtime.Time;

/// <summary>
/// <c>WATERMARK FOR col AS col - delay</c> on a table or source: its watermark is the largest event
/// time seen minus <see cref="DelayMicros"/>, never moving back, advanced at the end of each epoch.
/// </summary>
public sealed record WatermarkSpec(int Column, long DelayMicros);
