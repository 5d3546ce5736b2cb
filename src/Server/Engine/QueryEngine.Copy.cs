using System.Collections.Immutable;
using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

public sealed partial class QueryEngine
{
    /// <summary>
    /// COPY FROM STDIN: answered at once with where the rows go; the front end reads them from the
    /// client without holding the gate and then calls <see cref="ApplyCopyAsync"/> once.
    /// </summary>
    private StatementResult CopyIn(Session session, CopyFromPlan copy, List<EngineNotice> notices)
    {
        if (!session.Options.ReadsCopyData)
        {
            throw new SqlStateException("0A000", "COPY FROM STDIN is not supported here: the rows come from a PostgreSQL client",
                hint: "use psql's \\copy, Npgsql's BeginTextImport or BeginBinaryImport, or node's pg-copy-streams; or INSERT");
        }

        var columns = copy.Columns.Select(c => new ResultColumn(c.Name, c.Type)).ToList();
        var notNull = copy.Columns.Select(c => !c.Nullable).ToList();
        var target = new CopyInTarget(copy.Table.Name, columns, notNull,
            (rows, lines, token) => ApplyCopyAsync(session, copy, rows, lines, token),
            values => FailingRow(session, copy, values));
        return new StatementResult { Kind = ResultKind.CopyIn, CommandTag = "COPY", Columns = columns, Notices = notices, CopyFormat = copy.Format, CopyIn = target };
    }

    /// <summary>
    /// The rows of a COPY FROM STDIN as one statement: the table's rows computed from them as an
    /// INSERT with the COPY's column list computes them, checked, logged and queued together (none
    /// of them when any fails), and acknowledged once durable.
    /// </summary>
    private async Task<StatementResult> ApplyCopyAsync(Session session, CopyFromPlan copy, Batch rows, IReadOnlyList<int> lines, CancellationToken cancellationToken)
    {
        long waitFor, epochsLogged;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The rows were read while other sessions ran: the table must still be the one planned for.
            if (_catalog.Find(copy.Table.Name) is not Planner.TableDefinition current || current.Id != copy.Table.Id)
                return StatementResult.Failed(new EngineError("42P01", $"relation \"{copy.Table.Name}\" does not exist"));
            if (!current.Columns.SequenceEqual(copy.Table.Columns))
                return StatementResult.Failed(new EngineError("40001", $"table \"{copy.Table.Name}\" was changed while COPY read its rows", Hint: "run the COPY again"));

            _statementLsn = 0;
            if (rows.RowCount > 0)
            {
                using var filled = Runtime.Evaluate(copy.Fill, rows, session.Settings.TimeZone);
                var types = copy.Table.Columns.Select(c => c.Type).ToImmutableArray();
                var changes = new List<(object?[] Row, int Weight)>(filled.RowCount);
                changes.AddRange(filled.Rows());
                try
                {
                    CheckFilledNotNull(session, copy, filled);
                    CheckFilledConstraints(session, copy, filled);
                    ApplyChanges(copy.Table, types, changes, filled);
                }
                catch (SqlStateException e) when (e.Row is int row && row < lines.Count)
                {
                    return StatementResult.Failed(EngineErrors.FromException(e) with { Where = $"COPY {copy.Table.Name}, line {lines[row]}" });
                }

                if (session.Settings.ImplicitFlush)
                    Runtime.RunEpoch();
            }

            waitFor = _statementLsn;
            epochsLogged = _store?.EpochsAppended ?? 0;
        }
        catch (SqlStateException e)
        {
            return StatementResult.Failed(EngineErrors.FromException(e));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return StatementResult.Failed(EngineErrors.Internal(e));
        }
        finally
        {
            _gate.Release();
        }

        // Acknowledged only once durable, as an INSERT is (outside the gate: group commit).
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

        return StatementResult.Command($"COPY {rows.RowCount}");
    }

    /// <summary>The table's row that a row read makes, as PostgreSQL's <c>Failing row contains (...)</c> shows it.</summary>
    private string FailingRow(Session session, CopyFromPlan copy, object?[] values)
    {
        using var one = Batch.FromRows([.. copy.Columns.Select(c => c.Type)], [values]);
        using var row = Runtime.Evaluate(copy.Fill, one, session.Settings.TimeZone);
        var shown = Enumerable.Range(0, row.ColumnCount).Select(c =>
            row.GetValue(c, 0) is { } v ? ValueFormatter.Format(v, copy.Table.Columns[c].Type, session.Settings.TimeZone) : "null");
        return $"Failing row contains ({string.Join(", ", shown)}).";
    }

    /// <summary>
    /// The table's CHECK constraints over the filled rows: the first row that makes one FALSE fails the
    /// COPY with 23514 (NULL passes), said at its line as PostgreSQL says it.
    /// </summary>
    private void CheckFilledConstraints(Session session, CopyFromPlan copy, Batch filled)
    {
        if (copy.Checks.IsEmpty)
            return;
        using var results = Runtime.Evaluate(copy.Checks, filled, session.Settings.TimeZone);
        for (int r = 0; r < filled.RowCount; r++)
        {
            for (int k = 0; k < copy.Checks.Length; k++)
            {
                if (results.GetValue(k, r) is not false)
                    continue;
                var shown = Enumerable.Range(0, filled.ColumnCount).Select(c =>
                    filled.GetValue(c, r) is { } v ? ValueFormatter.Format(v, copy.Table.Columns[c].Type, session.Settings.TimeZone) : "null");
                throw new SqlStateException("23514", $"new row for relation \"{copy.Table.Name}\" violates check constraint \"{copy.Table.Checks[k].Name}\"",
                    detail: $"Failing row contains ({string.Join(", ", shown)}).")
                {
                    Row = r,
                };
            }
        }
    }

    /// <summary>
    /// A NOT NULL column the COPY does not write and that is filled with NULL: 23502 on the first row
    /// (the reader already refused a NULL read for a NOT NULL column, with its line).
    /// </summary>
    private static void CheckFilledNotNull(Session session, CopyFromPlan copy, Batch filled)
    {
        for (int c = 0; c < copy.Table.Columns.Length; c++)
        {
            var column = copy.Table.Columns[c];
            if (column.Nullable || !filled.Columns[c].MayHaveNulls)
                continue;
            for (int r = 0; r < filled.RowCount; r++)
            {
                if (!filled.Columns[c].IsNull(r))
                    continue;
                var shown = Enumerable.Range(0, filled.ColumnCount).Select(k =>
                    filled.GetValue(k, r) is { } v ? ValueFormatter.Format(v, copy.Table.Columns[k].Type, session.Settings.TimeZone) : "null");
                throw new SqlStateException("23502", $"null value in column \"{column.Name}\" of relation \"{copy.Table.Name}\" violates not-null constraint",
                    detail: $"Failing row contains ({string.Join(", ", shown)}).")
                {
                    Row = r,
                };
            }
        }
    }
}
