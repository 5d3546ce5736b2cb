namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source that wants to know when a position it returned from <see cref="ISource.Poll"/> is safe:
/// its records are in state that survives a restart (after every epoch when nothing is kept on disk,
/// after each checkpoint otherwise). Kafka commits its consumer group's offsets there, so lag
/// monitoring sees them; recovery itself resumes from the positions in the checkpoint.
/// </summary>
public interface ICommittableSource
{
    void OnEpochCommitted(SourcePosition position);
}
