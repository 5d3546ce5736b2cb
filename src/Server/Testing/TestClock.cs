namespace StreamSql.Server.Testing;

/// <summary>
/// Processing time under <c>streamsql test</c>: it starts at <see cref="Start"/> and moves only by
/// <c>advance time</c>, so <c>now()</c>, <c>proctime()</c> and everything that reads them give the same
/// results on every run. Timers (statement timeouts, FETCH waits) still run on real time.
/// </summary>
public sealed class TestClock : TimeProvider
{
    /// <summary>2024-01-01 00:00:00 UTC, documented in docs/testing.md.</summary>
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Start;
}
