namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A sink that writes an epoch after the epoch ran (on a background task), under the epoch's number.
/// Before it writes, the records of the epoch log up to that epoch must be durable: otherwise a crash
/// could lose an epoch's record while the destination keeps the epoch, and recovery would produce the
/// epoch's input again under another number, which the destination would then take a second time.
/// The runtime sets <see cref="WaitForEpochLog"/> when the sink is created.
/// </summary>
public interface IEpochLogFollower
{
    /// <summary>Completes once every epoch record logged so far is durable.</summary>
    Func<CancellationToken, Task> WaitForEpochLog { set; }
}
