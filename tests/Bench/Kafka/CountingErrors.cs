using StreamSql.Runtime.Connectors;

namespace StreamSql.Bench.Kafka;

/// <summary>An error sink that only counts bad records.</summary>
internal sealed class CountingErrors : ISourceErrorSink
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    public void Report(string raw, string error, SourcePosition position) => Interlocked.Increment(ref count);
}
