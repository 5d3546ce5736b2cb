using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Connectors;

/// <summary>What a source needs to run: its schema, where to resume, where bad records go, its clock, when to stop.</summary>
public sealed record SourceContext(
    string SourceName,
    RowSchema Schema,
    SourcePosition? StartPosition,
    ISourceErrorSink Errors,
    TimeProvider Time,
    CancellationToken Stopping)
{
    /// <summary>Called by the source when records become available, so an idle scheduler wakes up.</summary>
    public Action DataAvailable { get; init; } = static () => { };
}
