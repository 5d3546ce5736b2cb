namespace StreamSql.Kafka.Tests;

/// <summary>A clock that only moves when told to (idle timeouts without waiting).</summary>
public sealed class ManualTime : TimeProvider
{
    private long ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(GetTimestamp());

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
