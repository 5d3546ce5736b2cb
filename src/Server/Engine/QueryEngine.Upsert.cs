using StreamSql.Planner;
using StreamSql.Runtime;
using StreamSql.Runtime.Data;

namespace StreamSql.Server.Engine;

/// <summary>
/// <c>INSERT ... ON CONFLICT</c>: the planner's rows say, per proposed row, whether its key is taken
/// (and for DO UPDATE the updated row and its WHERE result); the rows are then inserted, updated or
/// skipped in order, as PostgreSQL does: a key proposed twice is skipped the second time under DO
/// NOTHING and is an error under DO UPDATE. One statement, one logged change, all or nothing.
/// </summary>
public sealed partial class QueryEngine
{
    private StatementResult ApplyUpsert(Session session, InsertPlan insert, IReadOnlyList<object?>? parameters, List<EngineNotice> notices)
    {
        var table = insert.Table;
        var layout = insert.Conflict!;
        bool update = layout.DoUpdate;
        int width = table.Columns.Length;
        int returned = insert.Returning.Length;
        int key0 = table.PrimaryKey[0];

        IReadOnlyList<object?[]> rows = RunQuery(session, insert.Rows, parameters, includeQueuedChanges: true).Rows;
        // VALUES rows in the order written (the join may give them in another).
        if (layout.Ordinal >= 0)
            rows = [.. rows.OrderBy(r => (long)r[layout.Ordinal]!)];
        var changes = new List<(object?[] Row, int Weight)>();
        var result = new List<object?[]>();
        var written = new HashSet<RowKey>();
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var proposed = row[..width];
            var key = new RowKey([.. table.PrimaryKey.Select(k => proposed[k])]);
            // The key column of the existing row is NULL only when there is none (a key is never NULL).
            bool taken = row[layout.Existing + key0] is not null;
            if (written.Contains(key))
            {
                if (update)
                {
                    throw new SqlStateException("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time",
                        hint: "Ensure that no rows proposed for insertion within the same command have duplicate constrained values.");
                }

                continue;
            }

            if (!taken)
            {
                CheckRow(session, table, row, layout.ProposedChecks, 0, changes.Count, proposed);
                changes.Add((proposed, 1));
                written.Add(key);
                if (returned > 0)
                    result.Add(row[layout.ProposedReturning..(layout.ProposedReturning + returned)]);
                continue;
            }

            if (!update || row[layout.Where] is not true)
                continue;
            var replacement = row[layout.Updated..(layout.Updated + width)];
            CheckRow(session, table, row, layout.UpdatedChecks, layout.Updated, changes.Count + 1, replacement);
            changes.Add((row[layout.Existing..(layout.Existing + width)], -1));
            changes.Add((replacement, 1));
            written.Add(key);
            if (returned > 0)
                result.Add(row[layout.UpdatedReturning..(layout.UpdatedReturning + returned)]);
        }

        if (changes.Count > 0)
        {
            ApplyChanges(table, [.. table.Columns.Select(c => c.Type)], changes);
            if (session.Settings.ImplicitFlush)
                Runtime.RunEpoch();
        }

        return returned > 0
            ? Rows("INSERT 0", Columns(insert.Returning), result, notices)
            : StatementResult.Command($"INSERT 0 {written.Count}", notices);
    }

    /// <summary>NOT NULL and CHECK for a row about to be written (<paramref name="offset"/>: where it starts in <paramref name="row"/>).</summary>
    private static void CheckRow(Session session, Planner.TableDefinition table, object?[] row, int checksAt, int offset, int change, object?[] written)
    {
        CheckNotNull(session, table, written, change);
        for (int k = 0; k < table.Checks.Length; k++)
        {
            if (row[checksAt + k] is false)
                throw CheckViolation(session, table, k, row, offset, change);
        }
    }
}
