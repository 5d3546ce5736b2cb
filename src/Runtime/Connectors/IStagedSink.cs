namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A sink that can make its output exactly once across crashes by publishing it only when a
/// checkpoint covering it is durable (as Flink's file sink does). In staged mode
/// <see cref="ISink.Commit"/> stages an epoch's output durably but out of sight; a checkpoint that
/// covers the epoch publishes it; after a crash, staged output the recovered checkpoint covers is
/// published and the rest discarded, since the engine produces it again from the checkpoint.
/// Every published epoch is then one whose effects are in the state, so nothing shows twice, whatever
/// the boundaries of the epochs that are run again.
/// </summary>
public interface IStagedSink : ISink
{
    /// <summary>Called before <see cref="ISink.Open"/> when the engine checkpoints: from now on <see cref="ISink.Commit"/> stages.</summary>
    void StageUntilCheckpoint();

    /// <summary>A checkpoint covering every epoch up to <paramref name="coveredEpoch"/> is durable: publish their staged output.</summary>
    void CheckpointCompleted(long coveredEpoch);

    /// <summary>
    /// The engine recovered from a checkpoint covering epochs up to <paramref name="coveredEpoch"/> (0 without one):
    /// publish what is staged up to it, discard what is staged after it.
    /// </summary>
    void Recovered(long coveredEpoch);

    /// <summary>
    /// The sink was dropped: it writes nothing more, and its staged output (the epochs no durable
    /// checkpoint covers yet; covered ones were published by <see cref="CheckpointCompleted"/>) would
    /// never be published. It is discarded rather than published: an epoch no checkpoint covers may
    /// run again after a crash under another number, and its rows would then show twice.
    /// </summary>
    void Dropped();
}
