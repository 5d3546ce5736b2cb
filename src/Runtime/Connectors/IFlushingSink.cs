namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A sink that writes after <see cref="ISink.Commit"/> returns (on a background task, with retries).
/// A checkpoint covering an epoch is saved only once <see cref="FlushAsync"/> for it has completed:
/// otherwise a crash after the checkpoint would lose changes the sink had accepted but not written,
/// since recovery re-runs only the epochs after the checkpoint.
/// </summary>
public interface IFlushingSink : ISink
{
    /// <summary>Completes when every epoch up to <paramref name="epoch"/> committed to this sink is written.</summary>
    Task FlushAsync(long epoch, CancellationToken cancellationToken);
}
