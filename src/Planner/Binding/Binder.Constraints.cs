using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Column DEFAULTs and CHECK constraints: checked when the table is created, bound again by each
/// INSERT and UPDATE (defaults fill the columns a statement does not give; checks are computed
/// beside the new row, and the engine refuses the statement when one is false).
/// </summary>
internal sealed partial class Binder
{
    private const string DefaultWords = "DEFAULT expression";
    private const string CheckWords = "check constraint";

    /// <summary>
    /// A column's DEFAULT bound and converted to the column's type, with PostgreSQL's errors: no column
    /// references, subqueries, aggregates or window functions, and a type assignable to the column.
    /// </summary>
    private BoundExpression BindDefault(Expression expression, string column, DataType type)
    {
        var bound = Bind(expression, new ExpressionContext(Scope.Empty, DefaultWords + "s", Constraint: DefaultWords));
        BoundExpression converted;
        try
        {
            converted = Convert(bound, type, CastContext.Assignment, expression.Span);
        }
        catch (BindException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.DatatypeMismatch || e.Diagnostic.Descriptor == DiagnosticCodes.CannotCast)
        {
            throw Error(DiagnosticCodes.DefaultTypeMismatch, expression.Span, column, type, bound.Type);
        }

        // A constant that does not convert is refused now, as PostgreSQL refuses it at CREATE TABLE
        // (the folder leaves such casts for the runtime); the runtime's error says what is wrong.
        if (converted is BoundCast { Operand: BoundLiteral { Value: string text } literal } && type.Kind != TypeKind.TimestampTz)
        {
            _ = CastEvaluator.Cast(text, literal.Type, type);
        }

        return converted;
    }

    /// <summary>The value a statement stores in a column it is not given: the column's DEFAULT, else NULL.</summary>
    private BoundExpression DefaultValue(ColumnDefinition column) =>
        column.Default is { } value ? BindDefault(value.Expression, column.Name, column.Type) : BoundLiteral.Null(column.Type);

    /// <summary>Checks each column's DEFAULT and keeps it on the column; <c>DEFAULT NULL</c> is no default, as in PostgreSQL.</summary>
    private ImmutableArray<ColumnDefinition> BindDefaults(ImmutableArray<Parser.Syntax.ColumnDefinition> definitions, ImmutableArray<ColumnDefinition> columns)
    {
        var scope = TableScope(null, columns);
        return [.. columns.Select((column, i) =>
        {
            if (definitions[i].Default is not { } expression)
            {
                return column;
            }

            var bound = BindDefault(expression, column.Name, column.Type);
            return bound is BoundLiteral { Value: null } && expression is LiteralExpression { Kind: LiteralKind.Null }
                ? column
                : column with { Default = new ColumnDefault(expression, ExpressionText.Of(expression, scope, column.Type, pretty: true), ExpressionText.Of(expression, scope, column.Type, pretty: false)) };
        })];
    }

    /// <summary>
    /// The CHECK constraints of a new table, named as PostgreSQL names them: a written name, else
    /// <c>table_column_check</c> when the condition reads one column and <c>table_check</c> otherwise,
    /// with 1, 2, ... appended while the name is taken (by this table's constraints or its primary key).
    /// </summary>
    private ImmutableArray<CheckDefinition> BindChecks(string table, ImmutableArray<TableConstraint> constraints, ImmutableArray<ColumnDefinition> columns, bool hasPrimaryKey)
    {
        var scope = TableScope(table, columns);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (hasPrimaryKey)
        {
            taken.Add(table + "_pkey");
        }

        var checks = new List<CheckDefinition>();
        foreach (var check in constraints.OfType<CheckConstraint>())
        {
            // The table's columns the condition reads, in order of first use.
            var read = ExpressionRewriter.Columns(BindCheck(check.Condition, scope)).Distinct().ToList();
            string name;
            if (check.Name is { } written)
            {
                name = written.Name;
                if (!taken.Add(name))
                {
                    throw Error(DiagnosticCodes.DuplicateConstraint, check.Span, "check", name);
                }
            }
            else
            {
                var stem = read.Count == 1 ? $"{table}_{columns[read[0]].Name}_check" : $"{table}_check";
                name = stem;
                for (var n = 1; !taken.Add(name); n++)
                {
                    name = stem + n;
                }
            }

            checks.Add(new CheckDefinition(name, check.Condition, [.. read.Select(i => (short)(i + 1))],
                ExpressionText.Of(check.Condition, scope, null, pretty: true), ExpressionText.Of(check.Condition, scope, null, pretty: false)));
        }

        return [.. checks.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>A CHECK condition over the table's columns: boolean, without subqueries, aggregates or window functions.</summary>
    private BoundExpression BindCheck(Expression condition, Scope scope)
    {
        var bound = Bind(condition, new ExpressionContext(scope, CheckWords + "s", Constraint: CheckWords));
        return bound.Type.Kind switch
        {
            TypeKind.Boolean => bound,
            TypeKind.Unknown => Convert(bound, DataType.Boolean, CastContext.Implicit, condition.Span),
            _ => throw Error(DiagnosticCodes.DatatypeMismatch, condition.Span, $"argument of CHECK must be type boolean, not type {bound.Type}"),
        };
    }

    private static Scope TableScope(string? table, ImmutableArray<ColumnDefinition> columns) =>
        Scope.FromColumns(table, columns.Select(c => (c.Name, c.Type)));

    /// <summary>
    /// Adds the table's CHECK conditions, bound over the new row (columns <paramref name="newRow"/>
    /// onwards of <paramref name="plan"/>), as boolean columns after the plan's own, in the order of
    /// <see cref="TableDefinition.Checks"/>: the engine reads them to accept or refuse each row.
    /// </summary>
    private LogicalPlan WithChecks(LogicalPlan plan, TableDefinition table, int newRow)
    {
        if (table.Checks.IsEmpty)
        {
            return plan;
        }

        var scope = TableScope(table.Name, table.Columns);
        var outputs = plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToList();
        var names = plan.Schema.Select(c => c.Name).ToList();
        foreach (var check in table.Checks)
        {
            outputs.Add(ExpressionRewriter.Remap(BindCheck(check.Condition, scope), i => i + newRow));
            names.Add(check.Name);
        }

        return new LogicalProject(plan, [.. outputs], [.. names]);
    }
}
