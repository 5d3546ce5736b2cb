using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Engine;

/// <summary>A source: its connector (if any), rows injected by test control, and its read position.</summary>
internal sealed class SourceState(SourceDefinition definition, ISource? connector) : RelationState(definition.Name, definition.Schema, definition.Watermark)
{
    public SourceDefinition Definition { get; } = definition;

    public ISource? Connector { get; } = connector;

    public List<Batch> Injected { get; } = [];

    public SourcePosition Position { get; set; } = SourcePosition.None;

    /// <summary>Rows polled from the connector for an epoch whose record could not be logged: the next epoch takes them first.</summary>
    public List<Batch> Unlogged { get; } = [];

    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>A connector that tracks event time per part (Kafka partitions) says how far all of them have come.</summary>
    protected override long? EventTimeReached =>
        Started && Connector is IWatermarkSource parts ? parts.Watermark() : MaxEventTime;

    /// <summary>Where the connector's bad records go.</summary>
    public ISourceErrorSink Errors { get; init; } = null!;

    /// <summary>True once the connector was started (see <see cref="StreamingRuntime.DeferConnectorStarts"/>).</summary>
    public bool Started { get; set; }
}
