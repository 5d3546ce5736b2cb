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

    /// <summary>
    /// A connector that tracks event time per part (Kafka partitions) says how far all of them have
    /// come; within an epoch, as fixed by <see cref="FixEventTime"/>.
    /// </summary>
    protected override long? EventTimeReached =>
        EventTimeFixed ? FixedEventTime : Started && Connector is IWatermarkSource parts ? parts.Watermark() : MaxEventTime;

    /// <summary>True when the connector says how far its input has come (see <see cref="IWatermarkSource"/>) and a watermark is declared.</summary>
    public bool ReportsEventTime => Started && WatermarkSpec is not null && Connector is IWatermarkSource;

    private bool EventTimeFixed { get; set; }

    private long? FixedEventTime { get; set; }

    /// <summary>
    /// Fixes the event time the epoch's watermark follows: what the connector says now (it leaves
    /// idle parts out by the wall clock, so asking again could differ), or on replay what the
    /// epoch's record says. Unfixed (null, false), the connector is asked as before (a record
    /// written before event times were logged).
    /// </summary>
    public void FixEventTime(long? reached, bool isFixed)
    {
        EventTimeFixed = isFixed;
        FixedEventTime = reached;
    }

    /// <summary>What the connector says now (only when <see cref="ReportsEventTime"/>).</summary>
    public long? ConnectorEventTime() => ((IWatermarkSource)Connector!).Watermark();

    /// <summary>Where the connector's bad records go.</summary>
    public ISourceErrorSink Errors { get; init; } = null!;

    /// <summary>
    /// Set when the connector stopped at a record it may not go past (<c>on_error = 'fail'</c>): the
    /// source is not read again (until the server restarts, when it stops at the same record again).
    /// </summary>
    public SqlStateException? StoppedBy { get; set; }

    /// <summary>True once the connector was started (see <see cref="StreamingRuntime.DeferConnectorStarts"/>).</summary>
    public bool Started { get; set; }
}
