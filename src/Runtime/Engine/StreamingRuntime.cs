using StreamSql.Runtime.Connectors;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Expressions;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Operators;
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
    private readonly Dictionary<string, TableState> tables = [];
    private readonly Dictionary<string, SourceState> sources = [];
    private readonly Dictionary<string, ViewState> views = [];
    private readonly Dictionary<string, SinkState> sinks = [];
    private readonly List<DataflowInput> constantInputs = [];
    private readonly EpochClock clock = new(FunctionContext.Epoch0);
    private TimeSpan timeOffset;

    public StreamingRuntime(RuntimeOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? RuntimeOptions.Default;
        Time = time ?? TimeProvider.System;
        clock.Current = new FunctionContext(NowMicros(), NowMicros(), TimeZoneInfo.Utc);
    }

    public RuntimeOptions Options { get; }

    /// <summary>Processing time comes from here (plus <see cref="AdvanceTime"/> offsets), logged per epoch.</summary>
    public TimeProvider Time { get; }

    /// <summary>The last committed epoch (0 before the first).</summary>
    public long CurrentEpoch { get; private set; }

    /// <summary>The processing time of the last epoch, in microseconds since 1970 (what proctime() returned).</summary>
    public long EpochProcessingTime => clock.Current.ProcTimeMicros;

    private bool deferStarts;

    private long NowMicros() => (Time.GetUtcNow() + timeOffset - DateTimeOffset.UnixEpoch).Ticks / 10;

    // ---- tables and sources

    /// <summary>Registers an empty table. Throws 42P07 if the name is taken.</summary>
    public void CreateTable(TableDefinition table)
    {
        lock (gate)
        {
            EnsureFree(table.Name);
            if (table.Watermark is { } wm && !table.Schema[wm.Column].Type.IsTimestamp)
                throw new SqlStateException("42804", $"watermark column \"{table.Schema[wm.Column].Name}\" must be a timestamp");
            tables[table.Name] = new TableState(table);
            relationsChanged++;
        }
    }

    /// <summary>Drops a table; 42P01 if absent, 2BP01 if a view or sink still reads it.</summary>
    public void DropTable(string name)
    {
        lock (gate)
        {
            var t = tables.GetValueOrDefault(name) ?? throw Undefined("table", name);
            EnsureUnused(t);
            tables.Remove(name);
            relationsChanged++;
        }
    }

    /// <summary>
    /// Registers a source and starts its connector (null: fed only by <see cref="Ingest(string, IEnumerable{object?[]})"/>),
    /// unless <see cref="DeferConnectorStarts"/> holds starts back.
    /// </summary>
    public void CreateSource(SourceDefinition source, ISource? connector = null, ISourceErrorSink? errors = null)
    {
        lock (gate)
        {
            EnsureFree(source.Name);
            if (source.Watermark is { } wm && !source.Schema[wm.Column].Type.IsTimestamp)
                throw new SqlStateException("42804", $"watermark column \"{source.Schema[wm.Column].Name}\" must be a timestamp");
            var state = new SourceState(source, connector) { Errors = new CountingErrorSink(errors ?? new DroppingErrorSink()) };
            // A connector that refuses to start (its options checked only now) leaves no source behind.
            if (!deferStarts)
            {
                try
                {
                    StartConnector(state);
                }
                catch
                {
                    state.Stopping.Cancel();
                    _ = connector?.DisposeAsync().AsTask();
                    throw;
                }
            }
            sources[source.Name] = state;
            relationsChanged++;
        }
    }

    /// <summary>
    /// Recovery: sources created from now on keep their connectors stopped until
    /// <see cref="StartDeferredConnectors"/>, so that a checkpoint read in between can tell each
    /// connector where to resume. A connector started at creation would read from the beginning,
    /// and the restored state would count what it read again.
    /// </summary>
    public void DeferConnectorStarts()
    {
        lock (gate)
            deferStarts = true;
    }

    /// <summary>Starts every connector held back by <see cref="DeferConnectorStarts"/>, each from its source's position.</summary>
    public void StartDeferredConnectors()
    {
        lock (gate)
        {
            deferStarts = false;
            foreach (var state in sources.Values)
                StartConnector(state);
        }
    }

    private void StartConnector(SourceState state)
    {
        if (state.Connector is null || state.Started)
            return;
        state.Started = true;
        var resume = state.Position.Value.Length > 0 ? state.Position : null;
        state.Connector.Start(new SourceContext(state.Name, state.Schema, resume, state.Errors, Time, state.Stopping.Token)
        {
            DataAvailable = Wake,
        });
    }

    public void DropSource(string name)
    {
        SourceState s;
        lock (gate)
        {
            s = sources.GetValueOrDefault(name) ?? throw Undefined("source", name);
            EnsureUnused(s);
            sources.Remove(name);
            relationsChanged++;
        }
        s.Stopping.Cancel();
        if (s.Connector is not null)
            _ = s.Connector.DisposeAsync().AsTask();
    }

    // ---- views and sinks

    /// <summary>
    /// Builds the dataflow of a materialized view, backfills it from the committed contents of the
    /// tables and views it reads (sources contribute only new rows), and maintains it from the next
    /// epoch on. Late rows go to <paramref name="lateDataTable"/> when given (an existing table with
    /// the schema of the windowed input), otherwise they are dropped and counted.
    /// </summary>
    public void CreateMaterializedView(string name, PlanNode plan, string? lateDataTable = null, IReadOnlyList<object?>? parameters = null)
    {
        lock (gate)
        {
            EnsureFree(name);
            if (lateDataTable is not null)
                CheckLateDataTable(name, plan, lateDataTable);
            var late = new ViewLateRows(LateRowsTo(lateDataTable));
            var materialized = new MaterializeOperator(plan.Schema.Types, appendOnly: plan.Mode == ChangelogMode.AppendOnly);
            var view = new ViewState(name, plan, materialized, late);
            var dataflow = Build(plan, materialized, late, out var inputs, parameters);
            if (lateDataTable is not null && LateRowRouting.Find(plan) is { } route)
                dataflow = GuardLateRows(dataflow, route, late);
            view.Dataflow = dataflow;
            late.Inputs.AddRange(inputs);
            // Backfill before anyone reads this view, then route its commits.
            Backfill(dataflow);
            materialized.Committed += (epoch, changes, marks) => OnViewCommitted(view, epoch, changes, marks);
            Attach(dataflow);
            views[name] = view;
            relationsChanged++;
        }
    }

    public void DropMaterializedView(string name)
    {
        lock (gate)
        {
            var v = views.GetValueOrDefault(name) ?? throw Undefined("materialized view", name);
            EnsureUnused(v);
            Detach(v.Dataflow!);
            foreach (var s in v.Subscribers.ToList())
                s.Complete(new SqlStateException("57P01", $"materialized view \"{name}\" was dropped"));
            v.Subscribers.Clear();
            views.Remove(name);
            relationsChanged++;
        }
    }

    /// <summary>
    /// Set (before any sink is created) when the engine checkpoints its state: sinks that can
    /// (<see cref="IStagedSink"/>) then publish their output only once a checkpoint covers it.
    /// </summary>
    public bool StageSinkOutputUntilCheckpoint { get; set; }

    private long? recoveredCheckpointEpoch;

    /// <summary>
    /// Recovery restored a checkpoint covering epochs up to <paramref name="coveredEpoch"/> (0 without one):
    /// staged sinks, those created so far and those the rest of the recovery creates, publish what
    /// it covers and discard the rest. Call after the checkpoint is loaded and before any epoch runs.
    /// </summary>
    public void SinksRecoveredAt(long coveredEpoch)
    {
        lock (gate)
        {
            recoveredCheckpointEpoch = coveredEpoch;
            foreach (var s in sinks.Values)
                if (StageSinkOutputUntilCheckpoint && s.Sink is IStagedSink staged)
                    staged.Recovered(coveredEpoch);
        }
    }

    /// <summary>A checkpoint covering every epoch up to <paramref name="coveredEpoch"/> is durable: staged sinks publish.</summary>
    public void CheckpointCompleted(long coveredEpoch)
    {
        lock (gate)
        {
            // The next checkpoint may be a delta over this one.
            captureSaved = true;
            foreach (var s in sinks.Values)
                if (StageSinkOutputUntilCheckpoint && s.Sink is IStagedSink staged)
                    staged.CheckpointCompleted(coveredEpoch);
        }
    }

    /// <summary>Completes when every sink that writes in the background has written the epochs up to <paramref name="epoch"/>.</summary>
    public Task FlushSinksAsync(long epoch, CancellationToken cancellationToken)
    {
        List<IFlushingSink> flushing;
        lock (gate)
            flushing = [.. sinks.Values.Select(s => s.Sink).OfType<IFlushingSink>()];
        return Task.WhenAll(flushing.Select(s => s.FlushAsync(epoch, cancellationToken)));
    }

    /// <summary>Runs <paramref name="plan"/> incrementally and delivers its changes to <paramref name="sink"/> each epoch.</summary>
    public void CreateSink(string name, PlanNode plan, ISink sink)
    {
        lock (gate)
        {
            if (sinks.ContainsKey(name))
                throw new SqlStateException("42710", $"sink \"{name}\" already exists");
            var staged = StageSinkOutputUntilCheckpoint ? sink as IStagedSink : null;
            staged?.StageUntilCheckpoint();
            if (sink is IEpochLogFollower follower)
                follower.WaitForEpochLog = token => WaitForEpochLog?.Invoke(token) ?? Task.CompletedTask;
            sink.Open(name, plan.Schema);
            // Created after the recovered checkpoint: nothing it staged before the crash is covered.
            if (recoveredCheckpointEpoch is not null)
                staged?.Recovered(0);
            var late = new ViewLateRows(null);
            var state = new SinkState(name, plan, sink, late);
            long epochForWrites = CurrentEpoch;
            var end = new CallbackOperator(
                batch => sink.Write(runningEpoch ?? epochForWrites, batch),
                epoch => sink.Commit(epoch));
            var dataflow = Build(plan, end, late, out var inputs);
            late.Inputs.AddRange(inputs);
            state.Dataflow = dataflow;
            Backfill(dataflow);
            Attach(dataflow);
            sinks[name] = state;
            relationsChanged++;
        }
    }

    public void DropSink(string name)
    {
        lock (gate)
        {
            var s = sinks.GetValueOrDefault(name) ?? throw Undefined("sink", name);
            Detach(s.Dataflow!);
            sinks.Remove(name);
            relationsChanged++;
            if (s.Sink is IStagedSink staged)
                staged.Dropped();
            s.Sink.Dispose();
        }
    }

    /// <summary>Names of the views and sinks that read <paramref name="relation"/> (for DROP ... CASCADE and errors).</summary>
    public IReadOnlyList<string> Dependents(string relation)
    {
        lock (gate)
        {
            var result = new List<string>();
            foreach (var v in views.Values)
                if (v.Dataflow!.Inputs.Any(i => i.Relation == relation))
                    result.Add(v.Name);
            foreach (var s in sinks.Values)
                if (s.Dataflow!.Inputs.Any(i => i.Relation == relation))
                    result.Add(s.Name);
            return result;
        }
    }

    private Dataflow Build(PlanNode plan, IOperator end, ViewLateRows late, out List<RelationState> inputs, IReadOnlyList<object?>? parameters = null)
    {
        var dataflow = new DataflowBuilder(new ExpressionCompiler(clock, parameters, errors: late), late).Build(plan, end);
        inputs = [];
        foreach (var input in dataflow.Inputs)
        {
            if (input.Relation is string r)
                inputs.Add(Relation(r, input.Leaf));
            if (input.Leaf is SourceScanNode)
                input.ReadColumns = ColumnsReadFrom(plan, input.Leaf);
        }
        return dataflow;
    }

    /// <summary>
    /// The columns of <paramref name="leaf"/> its consumers read: those of the projections of plain
    /// columns right above it (what projection pruning puts over a scan), else null (whole rows).
    /// Every place the plan uses this very node counts.
    /// </summary>
    private static IReadOnlyCollection<int>? ColumnsReadFrom(PlanNode plan, PlanNode leaf)
    {
        var columns = new HashSet<int>();
        var pending = new Stack<PlanNode>([plan]);
        while (pending.TryPop(out var node))
        {
            foreach (var input in node.Inputs)
            {
                if (!ReferenceEquals(input, leaf))
                {
                    pending.Push(input);
                    continue;
                }

                if (node is not ProjectNode project || !project.Expressions.All(e => e is ColumnExpression))
                    return null;
                columns.UnionWith(project.Expressions.Select(e => ((ColumnExpression)e).Index));
            }
        }

        return columns.Count == 0 ? null : columns;
    }

    /// <summary>
    /// Tells each source that can skip columns (<see cref="IColumnSelectingSource"/>) which ones its
    /// readers use now, plus its watermark column; any reader of whole rows (a late-row guard, a
    /// consumer other than a plain projection) makes it produce every column.
    /// </summary>
    private void SelectSourceColumns(Dataflow dataflow)
    {
        foreach (var input in dataflow.Inputs)
        {
            if (input.Leaf is not SourceScanNode scan || sources.GetValueOrDefault(scan.Source) is not { Connector: IColumnSelectingSource selecting } source)
                continue;
            HashSet<int>? columns = source.Readers.Count == 0 ? null : [];
            foreach (var reader in source.Readers)
            {
                if (reader.ReadColumns is null)
                {
                    columns = null;
                    break;
                }

                columns!.UnionWith(reader.ReadColumns);
            }

            if (columns is not null && source.WatermarkSpec is { } spec)
                columns.Add(spec.Column);
            selecting.RequireOnly(columns);
        }
    }

    /// <summary>Puts a late-row guard in front of the scan that feeds the view's windowing.</summary>
    private static Dataflow GuardLateRows(Dataflow dataflow, LateRowRouting.Route route, ILateRowHandler late)
    {
        var inputs = dataflow.Inputs.ToList();
        int at = inputs.FindIndex(i => ReferenceEquals(i.Leaf, route.Leaf));
        if (at < 0)
            return dataflow;
        var guard = new LateRowGuardOperator(route.Column, route.IsLate,
            late is ViewLateRows view ? new AttributedLateRows(view, AttributedLateRows.Below(route.Leaf)) : late, inputs[at].Entry);
        // The guard passes whole source rows to the late-row table.
        inputs[at] = inputs[at] with { Entry = guard, ReadColumns = null };
        return new Dataflow(inputs, [guard, .. dataflow.Operators]);
    }

    private RelationState Relation(string name, PlanNode leaf) => leaf switch
    {
        TableScanNode => tables.GetValueOrDefault(name) ?? throw Undefined("table", name),
        SourceScanNode => sources.GetValueOrDefault(name) ?? throw Undefined("source", name),
        ViewScanNode => views.GetValueOrDefault(name) ?? throw Undefined("materialized view", name),
        _ => throw Undefined("relation", name),
    };

    /// <summary>Pushes the committed contents of every input (and constant rows) as one epoch, with current watermarks.</summary>
    private void Backfill(Dataflow dataflow)
    {
        foreach (var input in dataflow.Inputs)
            FeedSnapshot(input);
        foreach (var input in dataflow.Inputs)
        {
            if (input.Relation is string r && Relation(r, input.Leaf) is { WatermarkSpec: { } spec, Watermark: long wm })
                input.Entry.OnWatermark(new Time.Watermark(spec.Column, wm));
        }
        foreach (var input in dataflow.Inputs)
            input.Entry.OnEpochEnd(CurrentEpoch);
    }

    /// <param name="compiler">The query's compiler, so VALUES rows see the statement's parameters ($1...).</param>
    private void FeedSnapshot(DataflowInput input, ExpressionCompiler? compiler = null)
    {
        Batch? batch = input.Leaf switch
        {
            TableScanNode t => tables[t.Table].Committed.ReadBatch(),
            ViewScanNode v => views[v.View].Materialized.ReadBatch(),
            ValuesNode values => Constant(values, compiler ?? new ExpressionCompiler(clock)),
            SourceScanNode => null,
            _ => null,
        };
        if (batch is null)
            return;
        using (batch)
        {
            if (batch.RowCount > 0)
                input.Entry.OnBatch(batch);
        }
    }

    private static Batch Constant(ValuesNode values, ExpressionCompiler compiler)
    {
        var one = new Batch([], [], [1], 1);
        var rows = values.Rows.Select(row => row.Select(e => compiler.Compile(e).EvaluateRow(one, 0)).ToArray());
        return Batch.FromRows(values.Schema.Types, rows);
    }

    private void Attach(Dataflow dataflow)
    {
        foreach (var input in dataflow.Inputs)
        {
            input.Timer = dataflow.Timer;
            if (input.Relation is string r)
                Relation(r, input.Leaf).Readers.Add(input);
            else
                constantInputs.Add(input);
        }
        SelectSourceColumns(dataflow);
    }

    private void Detach(Dataflow dataflow)
    {
        foreach (var input in dataflow.Inputs)
        {
            if (input.Relation is string r && FindRelation(r) is { } rel)
                rel.Readers.Remove(input);
            else
                constantInputs.Remove(input);
        }
        SelectSourceColumns(dataflow);
    }

    private RelationState? FindRelation(string name) =>
        (RelationState?)tables.GetValueOrDefault(name) ?? (RelationState?)sources.GetValueOrDefault(name) ?? views.GetValueOrDefault(name);

    /// <summary>
    /// A LATE DATA TO table must be able to take the view's late rows: column for column of the same
    /// types (it may have more columns, left NULL). Checked before anything is created, so a mismatch
    /// is an error of the CREATE rather than of the epoch that meets the first late row.
    /// </summary>
    private void CheckLateDataTable(string view, PlanNode plan, string table)
    {
        var target = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
        var rows = LateRowRouting.LateRowSchema(plan)
            ?? throw new SqlStateException("42P17", $"materialized view \"{view}\" has no window and no EMIT ON WINDOW CLOSE, so no row of it can be late",
                hint: $"LATE DATA TO takes the rows that arrive after their window closed: use it with TUMBLE, HOP or SESSION over a relation with a WATERMARK");
        bool fits = target.Schema.Count >= rows.Count;
        for (int i = 0; fits && i < rows.Count; i++)
            fits = target.Schema[i].Type.Kind == rows[i].Type.Kind && target.Schema[i].Type.Element?.Kind == rows[i].Type.Element?.Kind;
        if (!fits)
            throw new SqlStateException("42804", $"LATE DATA TO table \"{table}\" ({target.Schema}) cannot take the late rows of \"{view}\" ({rows})",
                hint: $"create the table with the columns {rows}, in that order");
    }

    private Action<Batch, ReadOnlySpan<int>>? LateRowsTo(string? table)
    {
        if (table is null)
            return null;
        var target = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
        return (batch, rows) =>
        {
            var builder = new BatchBuilder(target.Schema.Types, rows.Length);
            foreach (int r in rows)
            {
                // The guard passes whole source rows; a narrower row (no guard could be placed) is padded with NULLs.
                var row = batch.GetRow(r);
                var values = new object?[target.Schema.Count];
                Array.Copy(row, values, Math.Min(row.Length, values.Length));
                builder.AddRow(values, batch.Weights[r]);
            }
            var lateRows = builder.Build();
            target.Queued.Add(lateRows);
            // Late rows are inserts like any other: keep the live view of the table in step.
            foreach (var (row, weight) in lateRows.Rows())
            {
                var key = new RowKey(row);
                target.Live[key] = target.Live.GetValueOrDefault(key) + weight;
                if (!target.Key.IsEmpty)
                    target.LiveKeys[target.KeyOf(row)] = row;
            }
        };
    }

    private void EnsureFree(string name)
    {
        if (tables.ContainsKey(name) || sources.ContainsKey(name) || views.ContainsKey(name))
            throw new SqlStateException("42P07", $"relation \"{name}\" already exists");
    }

    private void EnsureUnused(RelationState relation)
    {
        if (relation.Readers.Count > 0)
        {
            var names = Dependents(relation.Name);
            throw new SqlStateException("2BP01", $"cannot drop \"{relation.Name}\" because other objects depend on it",
                detail: $"{string.Join(", ", names)} depend{(names.Count == 1 ? "s" : "")} on {relation.Name}",
                hint: "Use DROP ... CASCADE to drop the dependent objects too.");
        }
    }

    private static SqlStateException Undefined(string kind, string name) =>
        new("42P01", $"{kind} \"{name}\" does not exist");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        List<SourceState> all;
        lock (gate)
            all = [.. sources.Values];
        foreach (var s in all)
        {
            s.Stopping.Cancel();
            if (s.Connector is not null)
                await s.Connector.DisposeAsync();
        }
    }

    /// <summary>Drops undecodable records of sources created without an error table (the server passes its own sink).</summary>
    private sealed class DroppingErrorSink : ISourceErrorSink
    {
        public void Report(string raw, string error, SourcePosition position)
        {
        }
    }
}
