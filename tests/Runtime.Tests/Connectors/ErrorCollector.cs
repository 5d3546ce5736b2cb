using StreamSql.Runtime.Connectors;

namespace StreamSql.Runtime.Tests.Connectors;

/// <summary>An <see cref="ISourceErrorSink"/> that keeps every report, for assertions.</summary>
internal sealed class ErrorCollector : ISourceErrorSink
{
    private readonly List<(string Raw, string Error, string Position)> reports = [];

    public IReadOnlyList<(string Raw, string Error, string Position)> Reports
    {
        get { lock (reports) return [.. reports]; }
    }

    public void Report(string raw, string error, SourcePosition position)
    {
        lock (reports)
            reports.Add((raw, error, position.Value));
    }
}
