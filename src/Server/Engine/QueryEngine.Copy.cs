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
            values => CopyFailingRow(session, copy, values));
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
                    CheckNotNull(session, copy.Table, changes);
                    CheckFilledConstraints(session, copy, filled, changes);
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

        return WhenDurable(StatementResult.Command($"COPY {rows.RowCount}"), waitFor, epochsLogged);
    }

    /// <summary>The table's row that a row read makes, as PostgreSQL's <c>Failing row contains (...)</c> shows it.</summary>
    private string CopyFailingRow(Session session, CopyFromPlan copy, object?[] values)
    {
        using var one = Batch.FromRows([.. copy.Columns.Select(c => c.Type)], [values]);
        using var row = Runtime.Evaluate(copy.Fill, one, session.Settings.TimeZone);
        return FailingRow(session, copy.Table, row.Rows().First().Row);
    }

    /// <summary>
    /// The table's CHECK constraints over the filled rows (<paramref name="changes"/> holds them as rows):
    /// the first row that makes one FALSE fails the COPY with 23514 (NULL passes), said at its line.
    /// </summary>
    private void CheckFilledConstraints(Session session, CopyFromPlan copy, Batch filled, List<(object?[] Row, int Weight)> changes)
    {
        if (copy.Checks.IsEmpty)
            return;
        using var results = Runtime.Evaluate(copy.Checks, filled, session.Settings.TimeZone);
        for (int r = 0; r < filled.RowCount; r++)
        {
            for (int k = 0; k < copy.Checks.Length; k++)
            {
                if (results.GetValue(k, r) is false)
                    throw CheckViolation(session, copy.Table, k, changes[r].Row, rowIndex: r);
            }
        }
    }
}
