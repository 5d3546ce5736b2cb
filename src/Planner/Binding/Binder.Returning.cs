using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner.Binding;

/// <summary>
/// <c>INSERT / UPDATE / DELETE ... RETURNING</c>: the list is bound as a select list over the row
/// the statement writes (the new row of an INSERT or UPDATE, the old row of a DELETE), and computed
/// in the same pass as the rows themselves, so a volatile function (<c>now()</c>, <c>random()</c>)
/// gives the value that is returned once per row.
/// </summary>
internal sealed partial class Binder
{
    /// <summary>
    /// Appends the RETURNING items, bound over columns <paramref name="row"/> onwards of
    /// <paramref name="plan"/> (the table's row), after the plan's own columns; returns the
    /// result's columns (empty without RETURNING).
    /// </summary>
    private (LogicalPlan Plan, ImmutableArray<ColumnDefinition> Columns) WithReturning(
        LogicalPlan plan, TableDefinition table, string relation, int row, ImmutableArray<SelectItem> items)
    {
        if (items.IsEmpty)
        {
            return (plan, []);
        }

        var scope = TableScope(relation, table.Columns);
        var context = new ExpressionContext(scope, "RETURNING");
        var outputs = plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToList();
        var names = plan.Schema.Select(c => c.Name).ToList();
        var columns = ImmutableArray.CreateBuilder<ColumnDefinition>();
        void Add(BoundExpression value, string name)
        {
            outputs.Add(ExpressionRewriter.Remap(value, i => i + row));
            names.Add(name);
            columns.Add(new ColumnDefinition(name, value.Type));
        }

        foreach (var item in items)
        {
            switch (item)
            {
                case StarSelectItem star:
                    var qualifier = star.Qualifier?.Name.Name;
                    if (qualifier is not null && qualifier != relation)
                    {
                        throw Error(DiagnosticCodes.UndefinedTable, star.Qualifier!.Span, "relation", qualifier)
                            .WithHint($"missing FROM-clause entry for \"{qualifier}\"");
                    }

                    for (var i = 0; i < table.Columns.Length; i++)
                    {
                        Add(new BoundColumn(i, table.Columns[i].Name, table.Columns[i].Type), table.Columns[i].Name);
                    }

                    break;
                case ExpressionSelectItem expression:
                    Add(BindResolved(expression.Expression, context), expression.Alias?.Name ?? DeriveName(expression.Expression));
                    break;
            }
        }

        return (new LogicalProject(plan, [.. outputs], [.. names]), columns.ToImmutable());
    }
}
