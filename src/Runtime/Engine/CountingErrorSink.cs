using StreamSql.Runtime.Connectors;

namespace StreamSql.Runtime.Engine;

/// <summary>Counts a source's bad records on their way to where <c>on_error</c> sends them.</summary>
internal sealed class CountingErrorSink(ISourceErrorSink inner) : ISourceErrorSink
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Report(string raw, string error, SourcePosition position)
    {
        Interlocked.Increment(ref count);
        inner.Report(raw, error, position);
    }
}
