using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

/// <summary>
/// The runtime's single entry point, driven by the server's query engine: it owns tables,
/// sources, materialized views and sinks, runs epochs (one at a time, numbered by a global
/// counter) and answers one-shot queries over committed snapshots. All methods are thread-safe;
/// each takes the runtime's lock, so DDL, DML and epochs never interleave. Views, tables and
/// sources share one namespace of relation names (case-sensitive; the planner normalises).
/// </summary>
public sealed partial class StreamingRuntime : IAsyncDisposable
{
    private readonly object gate = new();

    public StreamingRuntime(RuntimeOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? RuntimeOptions.Default;
        Time = time ?? TimeProvider.System;
    }

    public RuntimeOptions Options { get; }

    /// <summary>Processing time comes from here (plus <see cref="AdvanceTime"/> offsets), logged per epoch.</summary>
    public TimeProvider Time { get; }

    /// <summary>The last committed epoch (0 before the first).</summary>
    public long CurrentEpoch { get; private set; }

    // ---- tables and sources

    /// <summary>Registers an empty table. Throws 42P07 if the name is taken.</summary>
    public void CreateTable(TableDefinition table) => throw new NotImplementedException();

    /// <summary>Drops a table; 42P01 if absent, 2BP01 if a view or sink still reads it.</summary>
    public void DropTable(string name) => throw new NotImplementedException();

    /// <summary>Registers a source and starts its connector (null: fed only by <see cref="Ingest(string, IEnumerable{object?[]})"/>).</summary>
    public void CreateSource(SourceDefinition source, ISource? connector = null) => throw new NotImplementedException();

    public void DropSource(string name) => throw new NotImplementedException();

    // ---- views and sinks

    /// <summary>
    /// Builds the dataflow of a materialized view, backfills it from the committed contents of the
    /// tables and views it reads (sources contribute only new rows), and maintains it from the next
    /// epoch on. Late rows go to <paramref name="lateDataTable"/> when given (an existing table with
    /// the schema of the windowed input), otherwise they are dropped and counted.
    /// </summary>
    public void CreateMaterializedView(string name, PlanNode plan, string? lateDataTable = null) => throw new NotImplementedException();

    public void DropMaterializedView(string name) => throw new NotImplementedException();

    /// <summary>Runs <paramref name="plan"/> incrementally and delivers its changes to <paramref name="sink"/> each epoch.</summary>
    public void CreateSink(string name, PlanNode plan, ISink sink) => throw new NotImplementedException();

    public void DropSink(string name) => throw new NotImplementedException();

    // ---- DML

    /// <summary>
    /// Queues a change to a table for the next epoch, checked at once against the table's rows as
    /// of the changes already queued: a duplicate primary key is 23505, a retraction of a row that
    /// is not there is 22000 ("row not found"), any retraction on an APPEND ONLY table is 42809.
    /// A batch may mix -old and +new rows of one key (an UPDATE).
    /// </summary>
    public void ApplyDelta(string table, Batch delta) => throw new NotImplementedException();

    // ---- epochs

    /// <summary>Runs one epoch now with everything queued (FLUSH, implicit flush, tests); returns its number.</summary>
    public long RunEpoch() => throw new NotImplementedException();

    /// <summary>Starts the background loop (epochs when input is waiting, or every tick).</summary>
    public void Start() => throw new NotImplementedException();

    /// <summary>Stops the background loop after its current epoch.</summary>
    public Task StopAsync() => throw new NotImplementedException();

    // ---- reading

    /// <summary>Runs a plan once over the committed snapshots of the relations it scans (a plain SELECT, DML's WHERE).</summary>
    public QueryResult Query(PlanNode plan, IReadOnlyList<object?>? parameters = null) => throw new NotImplementedException();

    /// <summary>The committed contents of a table or materialized view.</summary>
    public QueryResult ReadRelation(string name) => throw new NotImplementedException();

    /// <summary>Subscribes to a materialized view's committed changes from the next epoch on.</summary>
    public ViewSubscription Subscribe(string view) => throw new NotImplementedException();

    // ---- test control

    /// <summary>Runs one epoch in which these rows arrive from the source (its connector is not involved).</summary>
    public long Ingest(string source, IEnumerable<object?[]> rows) => throw new NotImplementedException();

    /// <summary>Raises a source's or table's watermark (never lowers it) and runs one epoch so views see it.</summary>
    public long AdvanceWatermark(string relation, long micros) => throw new NotImplementedException();

    /// <summary>Moves processing time forward and runs one epoch.</summary>
    public long AdvanceTime(TimeSpan by) => throw new NotImplementedException();

    /// <summary>SHOW WATERMARKS: one row per source and watermarked table.</summary>
    public IReadOnlyList<SourceStats> GetWatermarks() => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
