using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>
    /// COPY as PostgreSQL reads it: <c>(query | SUBSCRIBE) TO STDOUT</c>, <c>table [(cols)] TO STDOUT</c>
    /// (the table's rows, as <c>COPY (SELECT cols FROM table)</c>) and <c>table [(cols)] FROM STDIN</c>.
    /// Files and programs are the server's file system, which a client does not reach: refused.
    /// </summary>
    private PlannedStatement BindCopy(CopyStatement copy)
    {
        var expected = copy.Direction == CopyDirection.To ? "stdout" : "stdin";
        if (copy.Target != expected)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, copy.Span,
                $"COPY {(copy.Direction == CopyDirection.To ? "TO" : "FROM")} {(copy.Target == "program" ? "a program" : "a file")} (only {expected.ToUpperInvariant()}, e.g. psql's \\copy)");
        }

        if (copy.Source is not null)
            return new CopyToPlan(BindStatement(copy.Source), CopyOptions(copy, copy.Direction, [], null));

        var relation = LookupRelation(copy.Table!);
        if (relation is not TableDefinition table)
        {
            var error = Error(DiagnosticCodes.CannotCopyRelation, copy.Table!.Span, copy.Direction == CopyDirection.To ? "from" : "to", KindWord(relation.Kind), relation.Name);
            throw error.WithHint((copy.Direction, relation.Kind) switch
            {
                (CopyDirection.To, _) => "Try the COPY (SELECT ...) TO variant.",
                (_, ObjectKind.Source) => "a source is fed by its connector; COPY FROM works on tables",
                (_, ObjectKind.View) => "a view has no rows of its own; COPY into the tables it reads",
                _ => null,
            });
        }

        var targets = new List<int>();
        foreach (var column in copy.Columns)
        {
            var index = table.IndexOf(column.Name);
            if (index < 0)
                throw Error(DiagnosticCodes.UndefinedTargetColumn, column.Span, column.Name, table.Name);
            if (targets.Contains(index))
                throw Error(DiagnosticCodes.DuplicateColumn, column.Span, column.Name);
            targets.Add(index);
        }

        if (copy.Columns.IsEmpty)
            targets.AddRange(Enumerable.Range(0, table.Columns.Length));
        var columns = targets.Select(i => table.Columns[i]).ToImmutableArray();
        var format = CopyOptions(copy, copy.Direction, columns, table);

        if (copy.Direction == CopyDirection.To)
        {
            var scan = new LogicalScan(table);
            var project = new LogicalProject(scan,
                [.. targets.Select(i => (BoundExpression)new BoundColumn(i, table.Columns[i].Name, table.Columns[i].Type))],
                [.. columns.Select(c => c.Name)]);
            var plan = Optimizer.Optimize(project);
            return new CopyToPlan(new QueryPlan(Lower(plan), columns, plan), format);
        }

        var schema = columns.Select(c => new PlanColumn(c.Name, c.Type)).ToImmutableArray();
        var fill = InsertExpressions(table, targets, schema, copy.Span);
        // The CHECK conditions over the filled row (the table's columns), in the table's order of them.
        var checkScope = TableScope(table.Name, table.Columns);
        var checks = table.Checks.Select(c => Lowering.Expression(BindCheck(c.Condition, checkScope)));
        return new CopyFromPlan(table, columns, format, [.. fill.Select(Lowering.Expression)]) { Checks = [.. checks] };
    }

    /// <summary>
    /// COPY's options, list or pre-9.0 form, checked as PostgreSQL checks them (its messages for options
    /// that do not go together). <paramref name="columns"/> names the columns FORCE_NOT_NULL and
    /// FORCE_NULL may list (COPY FROM a table).
    /// </summary>
    private CopyFormat CopyOptions(CopyStatement copy, CopyDirection direction, ImmutableArray<ColumnDefinition> columns, TableDefinition? table)
    {
        string? formatName = null;
        bool? header = null;
        bool match = false;
        string? delimiter = null, nullText = null, quote = null, escape = null;
        ImmutableArray<int> forceNotNull = [], forceNull = [];
        foreach (var option in copy.Options)
        {
            var value = OptionText(option);
            switch (option.Key.ToLowerInvariant())
            {
                case "format":
                    formatName = value.ToLowerInvariant() switch
                    {
                        "text" or "csv" or "binary" => value.ToLowerInvariant(),
                        _ => throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected text, csv or binary"),
                    };
                    break;
                case "header":
                    header = value.ToLowerInvariant() switch
                    {
                        "true" or "on" or "1" => true,
                        "false" or "off" or "0" => false,
                        "match" when direction == CopyDirection.From => match = true,
                        "match" => throw Error(DiagnosticCodes.CopyOptionConflict, option.Span, "cannot use \"match\" with HEADER in COPY TO"),
                        _ => throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected true, false or match"),
                    };
                    break;
                case "delimiter" when value.Length == 1 && value[0] < 128 && value[0] is not ('\r' or '\n' or '\\'):
                    delimiter = value;
                    break;
                case "delimiter":
                    throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected a single one-byte character other than newline, carriage return and backslash");
                case "null":
                    nullText = value;
                    break;
                case "quote" when value.Length == 1 && value[0] < 128:
                    quote = value;
                    break;
                case "escape" when value.Length == 1 && value[0] < 128:
                    escape = value;
                    break;
                case "quote" or "escape":
                    throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected a single one-byte character");
                case "encoding" when value.Replace("-", "", StringComparison.Ordinal).Equals("utf8", StringComparison.OrdinalIgnoreCase):
                    break;
                case "encoding":
                    throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "only UTF8 is supported");
                case "force_not_null" or "force_null" when direction == CopyDirection.From && table is not null:
                    var listed = ForceColumns(option, columns, table);
                    if (option.Key.Equals("force_null", StringComparison.OrdinalIgnoreCase))
                        forceNull = listed;
                    else
                        forceNotNull = listed;
                    break;
                default:
                    throw Error(DiagnosticCodes.FeatureNotSupported, option.Span,
                        $"COPY option {option.Key} (supported: FORMAT, HEADER, DELIMITER, NULL, QUOTE, ESCAPE, ENCODING; FORCE_NOT_NULL and FORCE_NULL in COPY FROM)");
            }
        }

        var csv = formatName == "csv";
        var binary = formatName == "binary";
        if (binary && delimiter is not null)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "cannot specify DELIMITER in BINARY mode");
        if (binary && nullText is not null)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "cannot specify NULL in BINARY mode");
        if (binary && header is not null)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "cannot specify HEADER in BINARY mode");
        if (!csv && quote is not null)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "COPY quote available only in CSV mode");
        if (!csv && escape is not null)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "COPY escape available only in CSV mode");
        if (!csv && !forceNotNull.IsEmpty)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "COPY force not null available only in CSV mode");
        if (!csv && !forceNull.IsEmpty)
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "COPY force null available only in CSV mode");
        if (csv && delimiter == "\"")
            throw Error(DiagnosticCodes.CopyOptionConflict, copy.Span, "COPY delimiter cannot be \"\\\"\"");

        var defaults = binary ? CopyFormat.BinaryDefault : csv ? CopyFormat.CsvDefault : CopyFormat.Text;
        return defaults with
        {
            Header = header ?? false,
            HeaderMatch = match,
            Delimiter = delimiter?[0] ?? defaults.Delimiter,
            Null = nullText ?? defaults.Null,
            Quote = quote?[0] ?? '"',
            Escape = escape?[0] ?? quote?[0] ?? '"',
            ForceNotNull = forceNotNull,
            ForceNull = forceNull,
        };
    }

    /// <summary>The columns of <c>FORCE_NOT_NULL (a, b)</c> as positions in the COPY's column list.</summary>
    private ImmutableArray<int> ForceColumns(WithOption option, ImmutableArray<ColumnDefinition> columns, TableDefinition table)
    {
        IEnumerable<Expression> items = option.Value switch
        {
            RowExpression row => row.Elements,
            { } single => [single],
            null => [],
        };
        var positions = ImmutableArray.CreateBuilder<int>();
        foreach (var item in items)
        {
            if (item is not ColumnReferenceExpression { Parts: [var name] })
                throw Error(DiagnosticCodes.InvalidOptionValue, item.Span, option.Key, "expected a list of column names");
            if (table.IndexOf(name.Name) < 0)
                throw Error(DiagnosticCodes.UndefinedTargetColumn, item.Span, name.Name, table.Name);
            var at = columns.Select(c => c.Name).ToList().IndexOf(name.Name);
            if (at < 0)
                throw Error(DiagnosticCodes.CopyColumnNotReferenced, item.Span, option.Key.ToUpperInvariant(), name.Name);
            positions.Add(at);
        }

        return positions.ToImmutable();
    }
}
