using System.Collections.Immutable;
using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;
using Statement = StreamSql.Parser.Syntax.Statement;
using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Engine;
using StreamSql.Runtime.Types;
using PlanColumn = StreamSql.Planner.ColumnDefinition;

namespace StreamSql.Server.Engine;

/// <summary>
/// The one engine of a server: the single writer of the catalog, which it changes only by
/// applying planned statements to the runtime in order. Statements from all sessions pass
/// through one gate, so DDL, DML and queries see a consistent catalog; epochs run in the
/// runtime (in the background when live), and streaming results are read outside the gate.
/// </summary>
public sealed partial class QueryEngine : ISqlSessionFactory, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConnectorFactory _connectors;
    private Catalog _catalog = Catalog.Empty;
    private long _nextSubscription;

    /// <summary>LSN the statement being applied logged (0: none); read and written under the gate.</summary>
    private long _statementLsn;

    public QueryEngine(EngineOptions? options = null)
    {
        Options = options ?? new EngineOptions();
        Runtime = new StreamingRuntime(Options.Runtime with { ChangeRetention = Options.SubscriptionRetention }, Options.Time);
        _connectors = new ConnectorFactory(Options);
        Runtime.SourceStopped += (_, error) => Options.Log.WriteLine(error.Hint is null ? error.Message : $"{error.Message} (hint: {error.Hint})");
        Subscriptions = new SubscriptionRegistry();
        InstallSystemTables();
        Runtime.EpochFailed += ReportEpochFailure;
    }

    private string? _lastEpochFailure;
    private long _lastEpochFailureAt;

    /// <summary>
    /// An epoch of the background loop failed: said in the server log, once per distinct error and
    /// then at most every 10 s while it repeats (the loop retries every tick).
    /// </summary>
    private void ReportEpochFailure(SqlStateException error)
    {
        var text = $"{error.SqlState}: {error.Message}";
        long now = Options.Time.GetTimestamp();
        if (text == _lastEpochFailure && Options.Time.GetElapsedTime(_lastEpochFailureAt, now) < TimeSpan.FromSeconds(10))
            return;
        _lastEpochFailure = text;
        _lastEpochFailureAt = now;
        Options.Log.WriteLine($"epoch failed: {text}");
    }

    public EngineOptions Options { get; }

    /// <summary>The runtime this engine drives (tests and the CI runner's directives reach it here).</summary>
    public StreamingRuntime Runtime { get; }

    /// <summary>The catalog after the last statement that changed it.</summary>
    public Catalog Catalog => Volatile.Read(ref _catalog);

    internal SubscriptionRegistry Subscriptions { get; }

    /// <summary>Starts the background epoch loop (live mode only).</summary>
    public void Start()
    {
        if (Options.Mode == EngineMode.Live)
            Runtime.Start();
        StartCheckpoints();
    }

    public Session OpenSession(SessionOptions? options = null) =>
        new(this, options ?? new SessionOptions("streamsql", Options.DatabaseName, new Dictionary<string, string>()), SessionDefaults);

    /// <summary>The settings a session starts with that the server's options decide.</summary>
    private IReadOnlyDictionary<string, string> SessionDefaults => _sessionDefaults ??= new Dictionary<string, string>
    {
        ["subscription_retention"] = SessionSettings.FormatDuration(Options.SubscriptionRetention),
        ["max_rows_per_epoch"] = Options.Runtime.MaxRowsPerEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private IReadOnlyDictionary<string, string>? _sessionDefaults;

    /// <summary>A session for a client connection (the Postgres wire protocol): counted in <see cref="ClientSessions"/> while open.</summary>
    public ValueTask<ISqlSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken)
    {
        var session = OpenSession(options);
        Interlocked.Increment(ref _clientSessions);
        session.Closed = () => Interlocked.Decrement(ref _clientSessions);
        return ValueTask.FromResult<ISqlSession>(session);
    }

    private int _clientSessions;

    /// <summary>Open client connections' sessions (Postgres wire protocol).</summary>
    public int ClientSessions => Volatile.Read(ref _clientSessions);

    public async ValueTask DisposeAsync()
    {
        await StopCheckpointsAsync();
        await FinalCheckpointAsync();
        // A compaction in the background finishes first (it writes into the data directory).
        await _compaction;
        if (Options.Mode == EngineMode.Live)
            await Runtime.StopAsync();
        await Runtime.DisposeAsync();
        // An epoch commit under way finishes first (it writes into the data directory).
        Runtime.EpochCompleted = null;
        await _epochCommit;
        _store?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Binds one statement without running it (the extended protocol's Parse and Describe).</summary>
    internal PreparedStatementInfo Prepare(Session session, string sql, IReadOnlyList<DataType?> parameterTypes)
    {
        var parsed = SqlParser.Parse(sql);
        var error = parsed.Diagnostics.FirstOrDefault(d => d.IsError);
        if (error is not null)
            return new PreparedStatementInfo(sql, [], null, EngineErrors.FromDiagnostic(error, parsed.Source));
        if (parsed.Statements.Length == 0)
            return new PreparedStatementInfo(sql, [], null);
        if (parsed.Statements.Length > 1)
            return new PreparedStatementInfo(sql, [], null, new EngineError("42601", "cannot insert multiple commands into a prepared statement"));
        var plan = StatementPlanner.Plan(parsed.Statements[0], Catalog, new PlannerOptions(parsed.Source, [.. parameterTypes]));
        var planError = plan.Diagnostics.FirstOrDefault(d => d.IsError);
        if (planError is not null || plan.Statement is null)
        {
            return new PreparedStatementInfo(sql, [], null, planError is null
                ? new EngineError("XX000", "statement could not be planned")
                : EngineErrors.FromDiagnostic(planError, parsed.Source));
        }

        return new PreparedStatementInfo(sql, plan.ParameterTypes, DescribeColumns(session, plan.Statement));
    }

    /// <summary>Plans and runs one statement for a session.</summary>
    internal async Task<StatementResult> ExecuteAsync(
        Session session, Statement statement, SourceText source, ImmutableArray<DataType?> parameterTypes,
        IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        PlannedStatement planned;
        List<EngineNotice> notices;
        StatementResult? result = null;
        long waitFor = 0, epochsLogged = 0;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var plan = StatementPlanner.Plan(statement, _catalog, new PlannerOptions(source, parameterTypes));
            var error = plan.Diagnostics.FirstOrDefault(d => d.IsError);
            if (error is not null || plan.Statement is null)
            {
                var failure = error is null
                    ? new EngineError("XX000", "statement could not be planned")
                    : EngineErrors.FromDiagnostic(error, source);
                // PostgreSQL reports COPY's errors (an unknown column, options that do not go
                // together, a view) without a position in the statement.
                if (statement is Parser.Syntax.CopyStatement)
                    failure = failure with { Position = null };
                return StatementResult.Failed(failure);
            }

            planned = plan.Statement;
            notices = plan.Diagnostics.Where(d => !d.IsError).Select(EngineErrors.NoticeFromDiagnostic).ToList();
            if (planned is not FetchPlan)
            {
                // DDL is logged before it is applied (a full disk stops it before any change) and
                // taken back when applying it fails, so the catalog log holds successful DDL only.
                _statementLsn = _store is not null && IsLoggedDdl(planned) ? _store.AppendStatement(source[statement.Span]) : 0;
                long ddlLsn = _statementLsn;
                if (ddlLsn > 0)
                {
                    // Epochs record the last logged change before them: no epoch runs between the
                    // statement's effect and that mark.
                    using (Runtime.HoldEpochs())
                    {
                        Runtime.MarkLogPosition(ddlLsn);
                        try
                        {
                            result = Apply(session, planned, plan.Catalog, notices, parameters);
                        }
                        catch
                        {
                            Runtime.MarkLogPosition(ddlLsn - 1);
                            _store!.RemoveLastStatement(ddlLsn);
                            throw;
                        }

                        if (result.Kind == ResultKind.Error)
                        {
                            Runtime.MarkLogPosition(ddlLsn - 1);
                            _store!.RemoveLastStatement(ddlLsn);
                            _statementLsn = 0;
                        }
                        else
                        {
                            CheckpointSoonAfterDdl();
                        }
                    }
                }
                else
                {
                    result = Apply(session, planned, plan.Catalog, notices, parameters);
                }

                waitFor = _statementLsn;
                epochsLogged = _store?.EpochsAppended ?? 0;
            }
        }
        catch (SqlStateException e)
        {
            return StatementResult.Failed(EngineErrors.FromException(e));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: the client gets XX000, the log the whole exception.
            Options.Log.WriteLine($"internal error: {e}");
            return StatementResult.Failed(EngineErrors.Internal(e));
        }
        finally
        {
            _gate.Release();
        }

        if (result is not null)
            return WhenDurable(result, waitFor, epochsLogged);

        // FETCH may wait for rows: never while holding the gate.
        try
        {
            return await FetchAsync(session, (FetchPlan)planned, notices, cancellationToken);
        }
        catch (SqlStateException e)
        {
            return StatementResult.Failed(EngineErrors.FromException(e));
        }
    }

    /// <summary>
    /// A statement's result once what it logged (up to <paramref name="waitFor"/>) is durable: call
    /// outside the gate, so that concurrent sessions' statements share the fsync (group commit).
    /// </summary>
    private StatementResult WhenDurable(StatementResult result, long waitFor, long epochsLogged)
    {
        if (waitFor > 0)
        {
            try
            {
                _store!.WaitDurable(waitFor, epochsLogged);
            }
            catch (SqlStateException e)
            {
                return StatementResult.Failed(EngineErrors.FromException(e));
            }
        }

        return result;
    }

    /// <summary>Applies a planned statement to the runtime and, when that succeeds, adopts the catalog after it.</summary>
    private StatementResult Apply(Session session, PlannedStatement planned, Catalog after, List<EngineNotice> notices, IReadOnlyList<object?>? parameters)
    {
        switch (planned)
        {
            case NoOpPlan noOp:
                if (noOp.Notice is not null)
                    notices.Add(new EngineNotice("NOTICE", "00000", noOp.Notice));
                return StatementResult.Command(noOp.Tag, notices);

            case CreateTablePlan create:
                Runtime.CreateTable(ToRuntime(create.Table));
                Adopt(after);
                return StatementResult.Command(planned.CommandTag, notices);

            case CreateSourcePlan create:
                CreateSource(create.Source, after);
                return StatementResult.Command(planned.CommandTag, notices);

            case CreateMaterializedViewPlan create:
            {
                string? lateTable = null;
                if (create.LateData is { } late)
                {
                    if (Catalog.Find(late.Table.Name) is null)
                        Runtime.CreateTable(ToRuntime(late.Table));
                    lateTable = late.Table.Name;
                }

                Runtime.CreateMaterializedView(create.View.Name, create.Physical, lateTable);
                Adopt(after);
                return StatementResult.Command(planned.CommandTag, notices);
            }

            case CreateViewPlan:
                Adopt(after);
                return StatementResult.Command(planned.CommandTag, notices);

            case CreateSinkPlan create:
                Runtime.CreateSink(create.Sink.Name, create.Physical,
                    Options.Mode == EngineMode.StateOnly ? new DiscardingSink() : _connectors.CreateSink(create.Sink));
                Adopt(after);
                return StatementResult.Command(planned.CommandTag, notices);

            case InsertPlan { Conflict: not null } upsert:
                return ApplyUpsert(session, upsert, parameters, notices);

            case InsertPlan insert:
                return ApplyDml(session, insert.Table, insert.Rows, parameters, notices, "INSERT 0", static (rows, width) =>
                    rows.Select(r => (r, 1)), returning: insert.Returning);

            case UpdatePlan update:
                return ApplyDml(session, update.Table, update.Rows, parameters, notices, "UPDATE", static (rows, width) =>
                    rows.SelectMany(r => new[] { (r[..width], -1), (r[width..(2 * width)], 1) }), returning: update.Returning);

            case DeletePlan delete:
                return ApplyDml(session, delete.Table, delete.Rows, parameters, notices, "DELETE", static (rows, width) =>
                    rows.Select(r => (r, -1)), deletes: true, returning: delete.Returning);

            case TruncatePlan truncate:
                // Every table's rows go in one epoch: no view sees one table emptied and another not.
                using (Runtime.HoldEpochs())
                {
                    foreach (var table in truncate.Deletes)
                        ApplyDml(session, table.Table, table.Rows, parameters, notices, "DELETE", static (rows, width) => rows.Select(r => (r, -1)), flush: false, deletes: true);
                }

                if (session.Settings.ImplicitFlush)
                    Runtime.RunEpoch();
                return StatementResult.Command("TRUNCATE TABLE", notices);

            case QueryPlan query:
            {
                var result = RunQuery(session, query.Physical, parameters);
                return Rows("SELECT", Columns(query.Columns), result.Rows, notices);
            }

            case SubscribePlan subscribe:
            {
                var (columns, reader) = OpenSubscription(session, subscribe, parameters);
                return new StatementResult { Kind = ResultKind.Rows, CommandTag = "SUBSCRIBE", Columns = columns, Reader = reader, Notices = notices };
            }

            case CopyToPlan copy:
                return CopyOut(session, copy, parameters, notices);

            case CopyFromPlan copy:
                return CopyIn(session, copy, notices);

            case DropPlan drop:
                foreach (var item in drop.Dropped)
                {
                    DropFromRuntime(item);
                    if (item.Kind == ObjectKind.Source && after.Find(item.Name + "_errors") is Planner.TableDefinition errors &&
                        errors.Definition.StartsWith("-- dead-letter table of source", StringComparison.Ordinal) &&
                        after.DependentsOf(errors.Id).IsEmpty)
                    {
                        Runtime.DropTable(errors.Name);
                        after = after.Without(errors.Name);
                    }
                }

                Adopt(after);
                return StatementResult.Command(planned.CommandTag, notices);

            case ShowPlan show:
                return Show(session, show, notices);

            case SetPlan set:
                session.Settings.Set(set.Name, set.Value);
                return StatementResult.Command("SET", notices);

            case ExplainPlan explain:
                return Rows("EXPLAIN", [new ResultColumn("QUERY PLAN", DataType.Text)], explain.Lines.Select(l => new object?[] { l }).ToList(), notices);

            case ExplainAnalyzePlan analyze:
                return Rows("EXPLAIN", [new ResultColumn("QUERY PLAN", DataType.Text)],
                    ExplainAnalyze(session, analyze.Query.Physical, parameters).Select(l => new object?[] { l }).ToList(), notices);

            case FlushPlan:
                Runtime.RunEpoch();
                return StatementResult.Command("FLUSH", notices);

            case TransactionPlan:
                return StatementResult.Command(planned.CommandTag, notices);

            case DeclareCursorPlan declare:
                DeclareCursor(session, declare, parameters);
                return StatementResult.Command("DECLARE CURSOR", notices);

            case ClosePlan close:
                CloseCursors(session, close.Cursor);
                return StatementResult.Command(close.Cursor is null ? "CLOSE CURSOR ALL" : "CLOSE CURSOR", notices);

            case DiscardPlan discard:
                CloseCursors(session, null);
                return StatementResult.Command(discard.CommandTag, notices);

            default:
                throw new SqlStateException("0A000", $"{planned.CommandTag} is not supported");
        }
    }

    private void Adopt(Catalog after)
    {
        Volatile.Write(ref _catalog, after);
        RefreshSystemTables(after);
    }

    private StatementResult ApplyDml(
        Session session, Planner.TableDefinition table, Runtime.Plan.PlanNode rowsPlan, IReadOnlyList<object?>? parameters,
        List<EngineNotice> notices, string tag, Func<IReadOnlyList<object?[]>, int, IEnumerable<(object?[] Row, int Weight)>> toChanges, bool flush = true, bool deletes = false,
        ImmutableArray<Planner.ColumnDefinition> returning = default)
    {
        // DML sees the changes already queued for this epoch (several statements may share one).
        var computed = RunQuery(session, rowsPlan, parameters, includeQueuedChanges: true).Rows;
        // RETURNING's values come last in each row (after the CHECK results): the statement's result.
        int returned = returning.IsDefaultOrEmpty ? 0 : returning.Length;
        var result = returned > 0 ? computed.Select(r => r[..^returned]).ToList() : computed;
        var width = table.Columns.Length;
        var types = table.Columns.Select(c => c.Type).ToImmutableArray();
        // The planner puts one boolean per CHECK constraint after each row an INSERT or UPDATE writes
        // (after the new row's values); a DELETE's rows have none.
        bool checks = !deletes && !table.Checks.IsEmpty;
        var checkStart = result.Count > 0 ? result[0].Length - (checks ? table.Checks.Length : 0) : 0;
        IReadOnlyList<object?[]> rows = checks ? result.Select(r => r[..checkStart]).ToList() : result;
        if (rows.Count > 0)
        {
            var changes = toChanges(rows, width).ToList();
            CheckNotNull(session, table, changes);
            if (checks)
                CheckConstraints(session, table, result, checkStart, newRow: checkStart - width);
            ApplyChanges(table, types, changes);
            if (flush && session.Settings.ImplicitFlush)
                Runtime.RunEpoch();
        }

        if (returned > 0)
            return Rows(tag, Columns(returning), [.. computed.Select(r => r[^returned..])], notices);
        return StatementResult.Command($"{tag} {rows.Count}", notices);
    }

    /// <summary>
    /// Logs and queues one statement's changes to a table. Logged before it is applied (write-ahead);
    /// a change the table then refuses is taken back. Epochs are held from the append to the mark: no
    /// epoch is logged between them, and none runs between the change and its log position.
    /// </summary>
    /// <param name="batch">The changes as a batch already, when the caller has one (COPY); else built from <paramref name="changes"/>.</param>
    private void ApplyChanges(Planner.TableDefinition table, ImmutableArray<DataType> types, List<(object?[] Row, int Weight)> changes, Batch? batch = null)
    {
        using var built = batch is null ? Batch.FromRows(types, changes) : null;
        var delta = batch ?? built!;
        using (Runtime.HoldEpochs())
        {
            _statementLsn = _store?.AppendTableChange(table.Name, changes) ?? 0;
            long lsn = _statementLsn;
            try
            {
                Runtime.ApplyDelta(table.Name, delta);
            }
            catch when (lsn > 0)
            {
                _store!.RemoveLastTableChange(lsn);
                _statementLsn = 0;
                throw;
            }

            if (lsn > 0)
                Runtime.MarkLogPosition(lsn);
        }
    }

    /// <summary>A row inserted (or the new row of an UPDATE) with NULL in a NOT NULL or key column: 23502, as PostgreSQL says it.</summary>
    private static void CheckNotNull(Session session, Planner.TableDefinition table, List<(object?[] Row, int Weight)> changes)
    {
        for (int r = 0; r < changes.Count; r++)
        {
            if (changes[r].Weight > 0)
                CheckNotNull(session, table, changes[r].Row, r);
        }
    }

    /// <summary>One row about to be written (number <paramref name="index"/> of the statement's changes).</summary>
    private static void CheckNotNull(Session session, Planner.TableDefinition table, object?[] row, int index)
    {
        for (int i = 0; i < table.Columns.Length; i++)
        {
            if (row[i] is not null || table.Columns[i].Nullable)
                continue;
            throw new SqlStateException("23502", $"null value in column \"{table.Columns[i].Name}\" of relation \"{table.Name}\" violates not-null constraint",
                detail: FailingRow(session, table, row))
            {
                Row = index,
            };
        }
    }

    /// <summary>PostgreSQL's DETAIL for a row a constraint refuses: the table's columns from <paramref name="offset"/> on, as its output shows them.</summary>
    private static string FailingRow(Session session, Planner.TableDefinition table, IReadOnlyList<object?> row, int offset = 0) =>
        $"Failing row contains ({string.Join(", ", table.Columns.Select((c, i) => row[offset + i] is { } v ? ValueFormatter.Format(v, c.Type, session.Settings.TimeZone) : "null"))}).";

    /// <summary>23514 for the table's CHECK constraint number <paramref name="check"/>, PostgreSQL's message.</summary>
    private static SqlStateException CheckViolation(Session session, Planner.TableDefinition table, int check, IReadOnlyList<object?> row, int offset = 0, int? rowIndex = null) =>
        new("23514", $"new row for relation \"{table.Name}\" violates check constraint \"{table.Checks[check].Name}\"", detail: FailingRow(session, table, row, offset))
        {
            Row = rowIndex,
        };

    /// <summary>
    /// A new row for which a CHECK constraint is false (NULL passes): 23514, as PostgreSQL says it, naming
    /// the first failing constraint in name order.
    /// </summary>
    private static void CheckConstraints(Session session, Planner.TableDefinition table, IReadOnlyList<object?[]> rows, int checkStart, int newRow)
    {
        foreach (var row in rows)
        {
            for (int k = 0; k < table.Checks.Length; k++)
            {
                if (row[checkStart + k] is false)
                    throw CheckViolation(session, table, k, row, newRow);
            }
        }
    }

    /// <summary>
    /// EXPLAIN ANALYZE: runs the query (its rows are dropped) and prints its physical plan with the
    /// rows each node emitted and the time it took itself (what its inputs' consumers spent on it,
    /// less what its own consumer spent; scans show rows only), then the whole run's time.
    /// </summary>
    private List<string> ExplainAnalyze(Session session, Runtime.Plan.PlanNode plan, IReadOnlyList<object?>? parameters)
    {
        var observed = new Dictionary<Runtime.Plan.PlanNode, Runtime.Operators.NodeStats>(ReferenceEqualityComparer.Instance);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        RunQuery(session, plan, parameters, observed);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // What the consumers of a node's inputs spent; an input without an operator of its own
        // (none in one-time queries today) stands for its inputs.
        long InputTicks(Runtime.Plan.PlanNode node) =>
            node.Inputs.Sum(input => observed.TryGetValue(input, out var stats) ? stats.ConsumerTicks : InputTicks(input));

        string? Actual(Runtime.Plan.PlanNode node)
        {
            if (!observed.TryGetValue(node, out var stats))
                return null;
            if (node.Inputs.IsEmpty)
                return FormattableString.Invariant($"actual rows={stats.Rows}");
            var own = System.Diagnostics.Stopwatch.GetElapsedTime(stats.ConsumerTicks, InputTicks(node));
            return FormattableString.Invariant($"actual rows={stats.Rows} time={Math.Max(0, own.TotalMilliseconds):F3} ms");
        }

        var lines = PlanPrinter.Annotated(plan, Actual).ToList();
        lines.Add(FormattableString.Invariant($"Execution Time: {elapsed.TotalMilliseconds:F3} ms"));
        return lines;
    }

    /// <summary>Runs a plan once in the session's time zone (see <see cref="StreamingRuntime.Query"/> for the options).</summary>
    private QueryResult RunQuery(Session session, Runtime.Plan.PlanNode plan, IReadOnlyList<object?>? parameters,
        IDictionary<Runtime.Plan.PlanNode, Runtime.Operators.NodeStats>? observed = null, bool includeQueuedChanges = false)
    {
        PrepareSystemTables(plan);
        return Runtime.Query(plan, parameters, includeQueuedChanges, session.Settings.TimeZone, observed);
    }

    private static StatementResult Rows(string tag, IReadOnlyList<ResultColumn> columns, IReadOnlyList<object?[]> rows, List<EngineNotice> notices) =>
        new() { Kind = ResultKind.Rows, CommandTag = tag, Columns = columns, Reader = new ListRowReader(rows), Notices = notices };

    internal static IReadOnlyList<ResultColumn> Columns(ImmutableArray<PlanColumn> columns) =>
        columns.Where(c => !c.Hidden).Select(c => new ResultColumn(c.Name, c.Type)).ToList();

    private StatementResult CopyOut(Session session, CopyToPlan copy, IReadOnlyList<object?>? parameters, List<EngineNotice> notices)
    {
        switch (copy.Inner)
        {
            case SubscribePlan subscribe:
            {
                var (columns, reader) = OpenSubscription(session, subscribe, parameters);
                return new StatementResult { Kind = ResultKind.CopyOut, CommandTag = "COPY", Columns = columns, Reader = reader, Notices = notices, CopyFormat = copy.Format };
            }

            case QueryPlan query:
            {
                var rows = RunQuery(session, query.Physical, parameters).Rows;
                return new StatementResult { Kind = ResultKind.CopyOut, CommandTag = "COPY", Columns = Columns(query.Columns), Reader = new ListRowReader(rows), Notices = notices, CopyFormat = copy.Format };
            }

            default:
                throw new SqlStateException("0A000", "COPY supports SUBSCRIBE and queries TO STDOUT only");
        }
    }

    private void DropFromRuntime(CatalogObject item)
    {
        switch (item.Kind)
        {
            case ObjectKind.Table:
                Runtime.DropTable(item.Name);
                break;
            case ObjectKind.Source:
                Runtime.DropSource(item.Name);
                break;
            case ObjectKind.MaterializedView:
                Subscriptions.CloseAllOf(item.Name, new SqlStateException("57P01", $"materialized view \"{item.Name}\" was dropped"));
                Runtime.DropMaterializedView(item.Name);
                break;
            case ObjectKind.Sink:
                Runtime.DropSink(item.Name);
                break;
            case ObjectKind.View:
                break;
            default:
                throw new SqlStateException("42809", $"\"{item.Name}\" cannot be dropped");
        }
    }

    internal static Runtime.Engine.TableDefinition ToRuntime(Planner.TableDefinition table) =>
        new(table.Name, Schema(table.Columns), table.PrimaryKey, table.AppendOnly,
            table.Watermark is { } w ? new Runtime.Time.WatermarkSpec(w.ColumnIndex, w.Delay.TotalMicros) : null);

    internal static RowSchema Schema(ImmutableArray<PlanColumn> columns) =>
        new([.. columns.Select(c => new RowField(c.Name, c.Type))]);
}
