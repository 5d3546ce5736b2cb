using StreamSql.Runtime.Connectors;

namespace StreamSql.Kafka.Tests;

public sealed class RecordingErrors : ISourceErrorSink
{
    public List<(string Raw, string Error, string Position)> Reports { get; } = [];

    public void Report(string raw, string error, SourcePosition position)
    {
        lock (Reports)
            Reports.Add((raw, error, position.Value));
    }
}
