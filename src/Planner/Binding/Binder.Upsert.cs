using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;

namespace StreamSql.Planner.Binding;

/// <summary>
/// <c>INSERT ... ON CONFLICT</c>: the proposed rows are joined (left) with the table's rows of the
/// same primary key, in the same query that makes them, so the server sees per proposed row whether
/// its key is taken and, for DO UPDATE, the updated row and whether the WHERE condition holds. The
/// server then inserts, updates or skips each row, in order, as PostgreSQL does.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>
    /// The plan's row: the proposed row (from 0; for VALUES its position after it), the existing row of
    /// its key (NULLs when none), for DO UPDATE the updated row and the WHERE result; then the CHECK
    /// results and the RETURNING values of the proposed row and, for DO UPDATE, of the updated row.
    /// <see cref="InsertConflict"/> says where each part starts. Null: no row can conflict (a plain INSERT).
    /// </summary>
    private PlannedStatement? BindUpsert(InsertStatement insert, TableDefinition table, LogicalPlan rows, OnConflict conflict)
    {
        if (conflict.Constraint is { } constraint)
        {
            if (table.PrimaryKey.IsEmpty || constraint.Name != ObjectOids.PrimaryKeyNameOf(table))
            {
                throw Error(DiagnosticCodes.UndefinedTableConstraint, constraint.Span, constraint.Name, table.Name);
            }
        }
        else if (!conflict.Columns.IsEmpty)
        {
            var named = new HashSet<int>();
            foreach (var column in conflict.Columns)
            {
                var index = table.IndexOf(column.Name);
                if (index < 0)
                {
                    throw Error(DiagnosticCodes.UndefinedColumn, column.Span, column.Name);
                }

                named.Add(index);
            }

            if (table.PrimaryKey.IsEmpty || !named.SetEquals(table.PrimaryKey))
            {
                throw Error(DiagnosticCodes.NoConflictConstraint, conflict.Span);
            }
        }
        else if (conflict.DoUpdate)
        {
            throw Error(DiagnosticCodes.ConflictUpdateWithoutTarget, conflict.Span);
        }

        // DO NOTHING on a table without a key: no row can conflict, a plain INSERT.
        if (table.PrimaryKey.IsEmpty)
        {
            return null;
        }

        var width = table.Columns.Length;
        var relation = insert.Alias?.Name ?? table.Name;

        // VALUES rows carry their position, so they are applied (and returned) in the order written,
        // whatever order the join gives them in: a key proposed twice keeps its first row.
        int ordinal = -1;
        if (rows is LogicalProject { Input: LogicalValues values } project)
        {
            var numbered = values.Rows.Select((row, i) => row.Add(new BoundLiteral((long)i, DataType.Int64))).ToImmutableArray();
            var input = new LogicalValues(numbered, values.Columns.Add(new PlanColumn("ordinal", DataType.Int64)));
            rows = new LogicalProject(input, project.Expressions.Add(new BoundColumn(values.Columns.Length, "ordinal", DataType.Int64)),
                project.Names.Add("ordinal"));
            ordinal = width;
        }

        int existing = rows.Schema.Length;
        var keyEqualities = table.PrimaryKey.Select(k =>
        {
            var column = table.Columns[k];
            return ResolveCall("=", [new BoundColumn(k, column.Name, column.Type), new BoundColumn(existing + k, column.Name, column.Type)],
                [conflict.Span, conflict.Span], conflict.Span, isOperator: true);
        }).ToList();
        var condition = keyEqualities.Count == 1 ? keyEqualities[0] : new BoundBoolean(BoolOperator.And, [.. keyEqualities]);
        LogicalPlan plan = new LogicalJoin(rows, new LogicalScan(table), LogicalJoinKind.Left, [], condition, JoinStrategy.Regular, null);
        int updatedRow = -1, where = -1, updatedChecks = -1, updatedReturning = -1;
        if (conflict.DoUpdate)
        {
            // SET and WHERE see the existing row under the table's name (or alias) and the proposed one as "excluded".
            var scope = new Scope([
                .. table.Columns.Select(c => new ScopeColumn("excluded", c.Name, c.Type)),
                .. ordinal >= 0 ? [new ScopeColumn(null, "?ordinal", DataType.Int64, Hidden: true, QualifiedOnly: true)] : Array.Empty<ScopeColumn>(),
                .. table.Columns.Select(c => new ScopeColumn(relation, c.Name, c.Type))]);
            var updated = table.Columns.Select((c, i) => (BoundExpression)new BoundColumn(existing + i, c.Name, c.Type)).ToArray();
            BindAssignments(conflict.Assignments, table, new ExpressionContext(scope, "UPDATE"), updated);
            BoundExpression whereCondition = conflict.Where is null
                ? new BoundLiteral(true, DataType.Boolean)
                : BindCondition(conflict.Where, new ExpressionContext(scope, "WHERE"));
            updatedRow = plan.Schema.Length;
            where = updatedRow + width;
            var outputs = plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).Concat(updated).Append(whereCondition);
            var names = plan.Schema.Select(c => c.Name).Concat(table.Columns.Select(c => c.Name)).Append("update");
            plan = new LogicalProject(plan, [.. outputs], [.. names]);
        }

        int proposedChecks = plan.Schema.Length;
        plan = WithChecks(plan, table, 0);
        if (conflict.DoUpdate)
        {
            updatedChecks = plan.Schema.Length;
            plan = WithChecks(plan, table, updatedRow);
        }

        int proposedReturning = plan.Schema.Length;
        (plan, var returning) = WithReturning(plan, table, relation, 0, insert.Returning);
        if (conflict.DoUpdate)
        {
            updatedReturning = plan.Schema.Length;
            plan = WithReturning(plan, table, relation, updatedRow, insert.Returning).Plan;
        }

        var optimized = Optimizer.Optimize(plan);
        return new InsertPlan(table, Lower(optimized))
        {
            Logical = optimized,
            Returning = returning,
            Conflict = new InsertConflict(conflict.DoUpdate, ordinal, existing, updatedRow, where, proposedChecks, updatedChecks, proposedReturning, updatedReturning),
        };
    }
}
