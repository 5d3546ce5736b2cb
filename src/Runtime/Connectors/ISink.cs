using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A sink connector. Per epoch the runtime calls <see cref="Write"/> zero or more times with the
/// sink query's changes (weights: +1 insert, -1 retraction), then <see cref="Commit"/> once the
/// epoch's state is durable. A sink must make a re-delivered epoch harmless (idempotent or
/// transactional per epoch). Calls come from the scheduler thread; the batch is only valid
/// during the call.
/// </summary>
public interface ISink : IDisposable
{
    void Open(string name, RowSchema schema);

    void Write(long epoch, Batch changes);

    void Commit(long epoch);
}
