namespace StreamSql.Runtime.Connectors;

/// <summary>
/// A source paced by the clock (a generator producing so many rows per second). When an epoch is run
/// again at recovery, its rows must be there at once: the runtime says up to where, and the source
/// makes everything before that position available now and paces on from there.
/// </summary>
public interface IPacedSource
{
    void CatchUpTo(SourcePosition position);
}
