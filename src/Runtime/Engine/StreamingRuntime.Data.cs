using System.Collections.Immutable;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Operators;
using StreamSql.Runtime.Plan;

namespace StreamSql.Runtime.Engine;

public sealed partial class StreamingRuntime
{
    /// <summary>
    /// Queues a change to a table for the next epoch, checked at once against the table's rows as
    /// of the changes already queued: a duplicate primary key is 23505, a NULL key 23502, a
    /// retraction of a row that is not there 22000, any retraction on an APPEND ONLY table 42809.
    /// A batch may mix -old and +new rows of one key (an UPDATE): retractions apply first. On error
    /// nothing of the batch is applied, and the error's <see cref="SqlStateException.Row"/> is the live row of the batch that
    /// failed. The runtime copies the rows: the caller keeps (and disposes) <paramref name="delta"/>.
    /// </summary>
    public void ApplyDelta(string table, Batch delta)
    {
        lock (gate)
        {
            var t = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
            var rows = delta.Rows().ToList();
            if (t.Definition.AppendOnly && rows.Any(r => r.Weight < 0))
                throw new SqlStateException("42809", $"cannot update or delete rows of append-only table \"{table}\"");
            var live = new Dictionary<RowKey, long>();
            var keys = new Dictionary<RowKey, object?[]?>();
            foreach (var ((row, weight), at) in rows.Select((r, i) => (r, i)).OrderBy(r => r.r.Weight > 0 ? 1 : 0))
            {
                var rowKey = new RowKey(row);
                long count = live.TryGetValue(rowKey, out long c) ? c : t.Live.GetValueOrDefault(rowKey);
                if (weight < 0 && count + weight < 0)
                    throw new SqlStateException("22000", $"cannot delete a row that is not in table \"{table}\"");
                live[rowKey] = count + weight;
                if (t.Key.IsEmpty)
                    continue;
                var key = t.KeyOf(row);
                if (key.Values.Any(v => v is null))
                    throw new SqlStateException("23502", $"null value in primary key of table \"{table}\" violates not-null constraint") { Row = at };
                var existing = keys.TryGetValue(key, out var k) ? k : t.LiveKeys.GetValueOrDefault(key);
                if (weight > 0)
                {
                    if (existing is not null || weight > 1)
                        throw new SqlStateException("23505", $"duplicate key value violates unique constraint \"{table}_pkey\"",
                            detail: $"Key ({string.Join(", ", t.Key.Select(i => t.Schema[i].Name))})=({string.Join(", ", key.Values.Select(v => v?.ToString() ?? "null"))}) already exists.") { Row = at };
                    keys[key] = row;
                }
                else
                {
                    keys[key] = null;
                }
            }
            foreach (var (rowKey, n) in live)
            {
                if (n == 0)
                    t.Live.Remove(rowKey);
                else
                    t.Live[rowKey] = n;
            }
            foreach (var (key, row) in keys)
            {
                if (row is null)
                    t.LiveKeys.Remove(key);
                else
                    t.LiveKeys[key] = row;
            }
            t.Queued.Add(Batch.FromRows(t.Schema.Types, rows));
        }
        Wake();
    }

    /// <summary>
    /// Computes <paramref name="expressions"/> over every row of <paramref name="input"/> at once (the
    /// rows a bulk load brings, turned into a table's rows): a new batch with one column per expression
    /// and the input's weights, in the input's row order. The caller disposes both batches. Casts of
    /// timestamptz use <paramref name="timeZone"/> (UTC without one).
    /// </summary>
    public Batch Evaluate(ImmutableArray<PlanExpression> expressions, Batch input, TimeZoneInfo? timeZone = null)
    {
        Expressions.EpochClock evalClock;
        lock (gate)
            evalClock = new Expressions.EpochClock(clock.Current with { TimeZone = timeZone ?? TimeZoneInfo.Utc });
        var compiler = new Expressions.ExpressionCompiler(evalClock);
        var types = expressions.Select(e => e.Type).ToImmutableArray();
        var columns = new Column[expressions.Length];
        int rows = input.RowCount;
        for (int i = 0; i < expressions.Length; i++)
        {
            var result = compiler.Compile(expressions[i]).Evaluate(input);
            try
            {
                var column = Column.Create(types[i], Math.Max(rows, 1));
                for (int k = 0; k < rows; k++)
                    column.CopyRow(k, result.Column, result.At(input.RowIndex(k)));
                columns[i] = column;
            }
            finally
            {
                result.Release();
            }
        }

        var weights = new int[rows];
        for (int k = 0; k < rows; k++)
            weights[k] = input.Weights[input.RowIndex(k)];
        return new Batch(types, columns, weights, rows);
    }

    /// <summary>Queues inserts of boxed rows (INSERT ... VALUES); see <see cref="ApplyDelta"/>.</summary>
    public void Insert(string table, IEnumerable<object?[]> rows)
    {
        RelationState t;
        lock (gate)
            t = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
        using var batch = Batch.FromRows(t.Schema.Types, rows);
        ApplyDelta(table, batch);
    }

    /// <summary>Queues deletes of boxed rows (DELETE: the rows its WHERE selected).</summary>
    public void Delete(string table, IEnumerable<object?[]> rows)
    {
        RelationState t;
        lock (gate)
            t = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
        using var batch = Batch.FromRows(t.Schema.Types, rows, -1);
        ApplyDelta(table, batch);
    }

    /// <summary>Queues an UPDATE as one delta: each old row retracted, each new row inserted.</summary>
    public void Update(string table, IEnumerable<(object?[] Old, object?[] New)> changes)
    {
        RelationState t;
        lock (gate)
            t = tables.GetValueOrDefault(table) ?? throw Undefined("table", table);
        var list = changes.ToList();
        using var batch = Batch.FromRows(t.Schema.Types, list.Select(c => (c.Old, -1)).Concat(list.Select(c => (c.New, 1))));
        ApplyDelta(table, batch);
    }

    /// <summary>
    /// Runs a plan once over the committed snapshots of the relations it scans (a plain SELECT).
    /// With <paramref name="includeQueuedChanges"/> tables are read with the changes queued for the
    /// next epoch applied, as DML's WHERE and INSERT ... SELECT need when several statements share
    /// an epoch (implicit flush off); views are always read as committed. Casts and time arithmetic
    /// of timestamptz use <paramref name="timeZone"/> (the asking session's), UTC without one; now()
    /// is the current epoch's either way. With <paramref name="observed"/>, what each node emitted is
    /// counted there (by node; use a reference-equality dictionary).
    /// </summary>
    public QueryResult Query(PlanNode plan, IReadOnlyList<object?>? parameters = null, bool includeQueuedChanges = false, TimeZoneInfo? timeZone = null,
        IDictionary<PlanNode, Operators.NodeStats>? observed = null)
    {
        lock (gate)
        {
            var collected = new List<(object?[] Row, int Weight)>();
            var end = new CallbackOperator(batch => collected.AddRange(batch.Rows()));
            var late = new NullLateRowHandler();
            var queryClock = timeZone is null ? clock : new Expressions.EpochClock(clock.Current with { TimeZone = timeZone });
            var compiler = new Expressions.ExpressionCompiler(queryClock, parameters);
            var dataflow = new DataflowBuilder(compiler, late, observed).Build(plan, end);
            foreach (var input in dataflow.Inputs)
            {
                if (input.Leaf is SourceScanNode s)
                    throw new SqlStateException(SqlStateException.FeatureNotSupported,
                        $"cannot query source \"{s.Source}\" directly: it is unbounded",
                        hint: "Create a materialized view over it (CREATE MATERIALIZED VIEW ... AS SELECT ...) or SUBSCRIBE to a query.");
                if (input.Relation is string r)
                    Relation(r, input.Leaf);
            }
            foreach (var input in dataflow.Inputs)
            {
                if (includeQueuedChanges && input.Leaf is TableScanNode t)
                    FeedLive(input, tables[t.Table]);
                else
                    FeedSnapshot(input, compiler);
            }
            foreach (var input in dataflow.Inputs)
                if (input.Relation is string r && Relation(r, input.Leaf) is { WatermarkSpec: { } spec, Watermark: long wm })
                    input.Entry.OnWatermark(new Time.Watermark(spec.Column, wm));
            foreach (var input in dataflow.Inputs)
                input.Entry.OnEpochEnd(CurrentEpoch);
            return new QueryResult(plan.Schema, Consolidate(collected));
        }
    }

    private static void FeedLive(DataflowInput input, TableState table)
    {
        using var batch = Batch.FromRows(table.Schema.Types, table.Live.Where(kv => kv.Value > 0).Select(kv => (kv.Key.Values, (int)kv.Value)));
        if (batch.RowCount > 0)
            input.Entry.OnBatch(batch);
    }

    /// <summary>The rows the changes add up to, each repeated by its multiplicity, in the order <see cref="NetChanges.Of"/> keeps.</summary>
    private static List<object?[]> Consolidate(List<(object?[] Row, int Weight)> changes)
    {
        var rows = new List<object?[]>(changes.Count);
        foreach (var (row, weight) in NetChanges.Of(changes))
            for (int i = 0; i < weight; i++)
                rows.Add(row);
        return rows;
    }

    /// <summary>The committed contents of a table or materialized view.</summary>
    public QueryResult ReadRelation(string name)
    {
        lock (gate)
        {
            if (tables.TryGetValue(name, out var t))
                return new QueryResult(t.Schema, t.Committed.ReadRows());
            if (views.TryGetValue(name, out var v))
                return new QueryResult(v.Schema, v.Materialized.ReadRows());
            throw Undefined("relation", name);
        }
    }

    /// <summary>
    /// Raised (under the runtime's lock: do not wait here) when a view starts keeping its changes for
    /// resuming subscribers, at its first subscription; a server that keeps checkpoints saves one soon,
    /// so that the kept changes survive a crash before the next regular checkpoint.
    /// </summary>
    public event Action<string>? ChangesKept;

    /// <summary>
    /// The changes a view keeps for resuming subscribers, of the epochs up to <paramref name="upTo"/>,
    /// and the epoch after which they are complete; null when the view keeps none (or is not a view).
    /// </summary>
    public (long After, IReadOnlyList<ViewChange> Changes)? KeptChanges(string view, long upTo)
    {
        lock (gate)
        {
            if (views.GetValueOrDefault(view)?.History is not { } kept)
                return null;
            return (kept.RetainedAfter, [.. kept.After(kept.RetainedAfter).TakeWhile(c => c.Epoch <= upTo)]);
        }
    }

    /// <summary>
    /// Subscribes to a materialized view's committed changes from the next epoch on, or, with
    /// <paramref name="since"/>, from the epoch after it: the changes kept since then come first (a
    /// view keeps its changes for <see cref="RuntimeOptions.ChangeRetention"/> once subscribed, or for
    /// <paramref name="retention"/> when a subscription asks for longer).
    /// An epoch above the last committed one, or one whose changes are no longer kept, is 55000.
    /// </summary>
    public ViewSubscription Subscribe(string view, long? since = null, TimeSpan? retention = null)
    {
        lock (gate)
        {
            var v = views.GetValueOrDefault(view) ?? throw Undefined("materialized view", view);
            var retained = new List<ViewChange>();
            if (since is long after)
            {
                if (after > CurrentEpoch)
                    throw new SqlStateException("55000", $"cannot resume after epoch {after}: the last committed epoch is {CurrentEpoch}",
                        hint: "subscribe again WITH (SNAPSHOT = true) to start from the current contents");
                if (after == CurrentEpoch)
                {
                    // Nothing committed since: nothing to keep.
                }
                else if (v.History is not { } kept || after < kept.RetainedAfter)
                    throw new SqlStateException("55000", v.History is null
                            ? $"cannot resume after epoch {after}: no changes of \"{view}\" are kept (a view keeps them from its first subscription on)"
                            : $"cannot resume after epoch {after}: it is no longer retained (\"{view}\" can resume after epoch {v.History.RetainedAfter} or later)",
                        hint: "subscribe again WITH (SNAPSHOT = true) to start from the current contents");
                else
                    retained.AddRange(kept.After(after));
            }

            if (v.History is null)
            {
                v.History = new ChangeHistory(CurrentEpoch, Options.ChangeRetention);
                ChangesKept?.Invoke(view);
            }
            if (retention is { } asked)
                v.History.KeepFor(asked);
            var sub = new ViewSubscription(view, v.Schema, since ?? CurrentEpoch, Options.SubscriberBufferEpochs + retained.Count, s =>
            {
                lock (gate)
                    v.Subscribers.Remove(s);
            });
            foreach (var change in retained)
                sub.Offer(change);
            v.Subscribers.Add(sub);
            return sub;
        }
    }

    /// <summary>Subscribes and returns the view's current contents in the same instant (SUBSCRIBE WITH (SNAPSHOT = true)).</summary>
    public (QueryResult Snapshot, ViewSubscription Subscription) SubscribeWithSnapshot(string view, TimeSpan? retention = null)
    {
        lock (gate)
            return (ReadRelation(view), Subscribe(view, retention: retention));
    }

    /// <summary>Rows dropped as late by a view or sink so far.</summary>
    public long LateRows(string viewOrSink)
    {
        lock (gate)
        {
            if (views.TryGetValue(viewOrSink, out var v))
                return v.Late.Count;
            if (sinks.TryGetValue(viewOrSink, out var s))
                return s.Late.Count;
            throw Undefined("materialized view", viewOrSink);
        }
    }

    /// <summary>
    /// The data errors a view's or sink's expressions turned into NULL so far (division by zero, a bad
    /// cast...), and the last of them.
    /// </summary>
    public (long Count, SqlStateException? Last) ExpressionErrors(string viewOrSink)
    {
        lock (gate)
        {
            if (views.TryGetValue(viewOrSink, out var v))
                return (v.Late.ExpressionErrors, v.Late.LastExpressionError);
            if (sinks.TryGetValue(viewOrSink, out var s))
                return (s.Late.ExpressionErrors, s.Late.LastExpressionError);
            throw Undefined("materialized view", viewOrSink);
        }
    }

    // ---- test control

    /// <summary>Runs one epoch in which these rows arrive from the source (its connector is not involved).</summary>
    public long Ingest(string source, IEnumerable<object?[]> rows)
    {
        lock (gate)
        {
            var s = sources.GetValueOrDefault(source) ?? throw Undefined("source", source);
            s.Injected.Add(Batch.FromRows(s.Schema.Types, rows));
            return RunEpochLocked();
        }
    }

    /// <summary>Raises a source's or table's watermark (never lowers it) and runs one epoch so views see it.</summary>
    public long AdvanceWatermark(string relation, long micros)
    {
        lock (gate)
        {
            RelationState r = (RelationState?)sources.GetValueOrDefault(relation) ?? tables.GetValueOrDefault(relation)
                ?? throw Undefined("source", relation);
            if (r.WatermarkSpec is null)
                throw new SqlStateException("55000", $"\"{relation}\" has no watermark");
            r.ForcedWatermark = micros;
            return RunEpochLocked();
        }
    }

    /// <summary>Moves processing time forward and runs one epoch.</summary>
    public long AdvanceTime(TimeSpan by)
    {
        lock (gate)
        {
            timeOffset += by;
            return RunEpochLocked();
        }
    }

    /// <summary>SHOW WATERMARKS: one row per source and watermarked table.</summary>
    public IReadOnlyList<SourceStats> GetWatermarks()
    {
        lock (gate)
        {
            return [.. sources.Values.Cast<RelationState>()
                .Concat(tables.Values.Where(t => t.WatermarkSpec is not null))
                .OrderBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => new SourceStats(r.Name, r.Watermark, r.MaxEventTime, r.LateRows, r.RecordsRead)
                {
                    BadRecords = r is SourceState s && s.Errors is CountingErrorSink counting ? counting.Count : 0,
                    StoppedBy = (r as SourceState)?.StoppedBy?.Message,
                })];
        }
    }
}
