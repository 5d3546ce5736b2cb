using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;
using LogicalJoinKind = StreamSql.Planner.Logical.JoinKind;
using SyntaxJoinKind = StreamSql.Parser.Syntax.JoinKind;

namespace StreamSql.Planner.Binding;

internal sealed partial class Binder
{
    /// <summary>Sources read by the statement being bound (for the one-time SELECT check and dependencies).</summary>
    private readonly List<(SourceDefinition Source, TextSpan Span)> sourcesRead = [];

    /// <summary>Catalog objects the statement reads, for dependencies.</summary>
    private readonly HashSet<long> dependencies = [];

    private BoundRelation BindTableReference(TableReference reference, QueryMode mode) => reference switch
    {
        NamedTableReference named => BindNamed(named),
        SubqueryTableReference subquery => Rename(BindQuery(subquery.Query, mode), subquery.Alias?.Name.Name, subquery.Alias?.Columns ?? [], subquery.Span),
        WindowTableReference window => BindWindow(window, mode),
        JoinTableReference join => BindJoin(join, mode),
        FunctionTableReference function => BindTableFunction(function, null),
        _ => throw Error(DiagnosticCodes.FeatureNotSupported, reference.Span, "this FROM item"),
    };

    private BoundRelation BindNamed(NamedTableReference named)
    {
        var name = named.Name.ToString();
        if (named.Name.Parts.Length == 1 && ctes.TryGetValue(name, out var cte))
        {
            return Rename(cte, named.Alias?.Name.Name ?? name, named.Alias?.Columns ?? [], named.Span);
        }

        var found = LookupRelation(named.Name);
        dependencies.Add(found.Id);
        var relationName = named.Alias?.Name.Name ?? found.Name.Split('.')[^1];
        BoundRelation bound;
        switch (found)
        {
            case ViewDefinition view:
                // A plain view is inlined, so the sources it reads are read by this statement.
                foreach (var viewSource in view.Plan.DescendantsAndSelf().OfType<LogicalScan>().Select(s => s.Relation).OfType<SourceDefinition>())
                {
                    sourcesRead.Add((viewSource, named.Span));
                }

                bound = new BoundRelation(view.Plan, Scope.FromColumns(relationName, view.Columns.Select(c => (c.Name, c.Type))));
                break;
            case SinkDefinition:
                throw Error(DiagnosticCodes.WrongObjectKind, named.Name.Span, name, "relation", "sink");
            default:
                LogicalPlan plan = new LogicalScan(found);
                if (found is SourceDefinition source)
                {
                    sourcesRead.Add((source, named.Span));
                    if (source.Watermark is { } w)
                    {
                        plan = new LogicalWatermark(plan, w.ColumnIndex, w.Delay, $"{source.Name}.{w.ColumnName}");
                    }
                }
                else if (found is TableDefinition { Watermark: { } tw } table)
                {
                    plan = new LogicalWatermark(plan, tw.ColumnIndex, tw.Delay, $"{table.Name}.{tw.ColumnName}");
                }

                bound = new BoundRelation(plan, new Scope(found.Columns.Select(c => new ScopeColumn(relationName, c.Name, c.Type, c.Hidden)).ToImmutableArray()));
                break;
        }

        return named.Alias is null ? bound : Rename(bound, relationName, named.Alias.Columns, named.Span);
    }

    private const int MaxCatalogForSuggestions = 2_000;

    private CatalogObject LookupRelation(QualifiedName name)
    {
        var text = name.ToString();
        var found = catalog.Find(text);
        if (found is null && name.Parts.Length == 2 && name.Parts[0].Name is "public")
        {
            found = catalog.Find(name.Parts[1].Name);
        }

        if (found is null)
        {
            // A misspelling is looked for among the names of a catalog of ordinary size; in a huge one the
            // search would cost more than the statement (and every failing statement would pay it).
            var suggestion = catalog.Count <= MaxCatalogForSuggestions
                ? Suggest(text, catalog.Objects.Where(o => o.Kind != ObjectKind.Sink).Select(o => o.Name))
                : null;
            throw Error(DiagnosticCodes.UndefinedTable, name.Span, "relation", text)
                .WithHint(suggestion is null ? null : $"did you mean \"{suggestion}\"?");
        }

        return found;
    }

    /// <summary>Applies <c>AS alias (c1, c2, ...)</c>: renames the relation and its first columns.</summary>
    private BoundRelation Rename(BoundRelation relation, string? alias, ImmutableArray<Identifier> columns, TextSpan span)
    {
        var visible = relation.Scope.Columns.Where(c => !c.Hidden).ToList();
        if (columns.Length > visible.Count)
        {
            throw Error(DiagnosticCodes.UndefinedColumn, columns[visible.Count].Span, columns[visible.Count].Name)
                .WithHint($"the relation has {visible.Count} columns, but {columns.Length} names were given");
        }

        var renamed = ImmutableArray.CreateBuilder<ScopeColumn>();
        var next = 0;
        foreach (var column in relation.Scope.Columns)
        {
            var name = !column.Hidden && next < columns.Length ? columns[next++].Name : column.Name;
            renamed.Add(column with { Relation = alias ?? column.Relation, Name = name });
        }

        var plan = relation.Plan;
        if (columns.Length > 0)
        {
            var names = renamed.Select(c => c.Name).ToImmutableArray();
            plan = new LogicalProject(plan, plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToImmutableArray(), names);
        }

        return new BoundRelation(plan, new Scope(renamed.ToImmutable()));
    }

    /// <summary>How many HOP windows (size / slide) a row may fall in.</summary>
    public const int MaxHopWindowsPerRow = 1_000_000;

    private BoundRelation BindWindow(WindowTableReference window, QueryMode mode)
    {
        var input = BindTableReference(window.Input, mode);
        var function = window.Kind.ToString().ToUpperInvariant();
        var time = Bind(window.TimeColumn, new ExpressionContext(input.Scope, function));
        if (time is not BoundColumn timeColumn)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, window.TimeColumn.Span, $"an expression as the time column of {function} (name a column)");
        }

        if (!time.Type.IsTimestamp)
        {
            throw Error(DiagnosticCodes.WindowTimeColumnNotTimestamp, window.TimeColumn.Span, timeColumn.Name, function, time.Type);
        }

        var expected = window.Kind switch
        {
            WindowFunctionKind.Tumble => new[] { "size", "offset" },
            WindowFunctionKind.Hop => ["slide", "size", "offset"],
            _ => ["gap"],
        };
        var required = window.Kind == WindowFunctionKind.Session ? 1 : expected.Length - 1;
        if (window.Arguments.Length < required || window.Arguments.Length > expected.Length)
        {
            throw Error(DiagnosticCodes.UndefinedFunction, window.Span,
                $"{function}(relation, {timeColumn.Name}{string.Concat(window.Arguments.Select(_ => ", interval"))})", "")
                .WithHint($"{function} takes (relation, time column, {string.Join(", ", expected.Take(required))}{(expected.Length > required ? $"[, {expected[^1]}]" : "")})");
        }

        var values = new Interval[window.Arguments.Length];
        for (var i = 0; i < window.Arguments.Length; i++)
        {
            values[i] = ConstantInterval(window.Arguments[i], expected[i], function);
            var isOffset = expected[i] == "offset";
            if (!isOffset && values[i].NormalizedMicros <= 0)
            {
                throw Error(DiagnosticCodes.WindowSizeNotPositive, window.Arguments[i].Span, expected[i], function);
            }

            if (!values[i].IsFixedLength)
            {
                throw Error(DiagnosticCodes.InvalidParameterValue, window.Arguments[i].Span,
                    $"{expected[i]} of {function} must have a fixed length (days, hours, minutes, seconds), not months or years");
            }
        }

        LogicalWindow node = window.Kind switch
        {
            WindowFunctionKind.Tumble => new LogicalWindow(input.Plan, WindowKind.Tumble, timeColumn.Index, values[0], values[0], values.Length > 1 ? values[1] : default),
            WindowFunctionKind.Hop => new LogicalWindow(input.Plan, WindowKind.Hop, timeColumn.Index, values[1], values[0], values.Length > 2 ? values[2] : default),
            _ => new LogicalWindow(input.Plan, WindowKind.Session, timeColumn.Index, values[0], values[0], default),
        };
        if (node.Kind == WindowKind.Session)
        {
            sessionWindows[node] = window.Span;
        }

        if (node.Kind == WindowKind.Hop && node.Size.TotalMicros % node.Slide.TotalMicros != 0)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, window.Arguments[1].Span,
                $"size of HOP ({PlanText.Interval(node.Size)}) must be a multiple of its slide ({PlanText.Interval(node.Slide)})");
        }

        // Each row is copied into size / slide windows: a bound, as a series has one.
        if (node.Kind == WindowKind.Hop && node.Size.TotalMicros / node.Slide.TotalMicros > MaxHopWindowsPerRow)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, window.Arguments[1].Span,
                $"size of HOP ({PlanText.Interval(node.Size)}) puts each row in {node.Size.TotalMicros / node.Slide.TotalMicros} windows of slide {PlanText.Interval(node.Slide)}; at most {MaxHopWindowsPerRow} are allowed");
        }

        var relation = input.Scope.Columns.Select(c => c.Relation).FirstOrDefault(r => r is not null);
        var scope = input.Scope.Concat(new Scope(
        [
            new ScopeColumn(relation, "window_start", time.Type),
            new ScopeColumn(relation, "window_end", time.Type),
        ]));
        var bound = new BoundRelation(node, scope);
        return window.Alias is null ? bound : Rename(bound, window.Alias.Name.Name, window.Alias.Columns, window.Span);
    }

    private Interval ConstantInterval(Expression expression, string what, string function)
    {
        var bound = Bind(expression, new ExpressionContext(Scope.Empty, function));
        if (bound.Type.Kind == TypeKind.Unknown && bound is BoundLiteral { Value: string text } && IntervalText.TryParse(text, null, out var parsed))
        {
            return parsed;
        }

        return bound switch
        {
            BoundLiteral { Value: Interval interval } => interval,
            _ when bound.Type.Kind != TypeKind.Interval => throw Error(DiagnosticCodes.DatatypeMismatch, expression.Span,
                $"{what} of {function} must be an interval, not {bound.Type}"),
            _ => throw Error(DiagnosticCodes.InvalidParameterValue, expression.Span, $"{what} of {function} must be a constant interval"),
        };
    }

    private BoundRelation BindJoin(JoinTableReference join, QueryMode mode)
    {
        var left = BindTableReference(join.Left, mode);
        if (join.Right is FunctionTableReference function)
        {
            if (join.Kind is not (SyntaxJoinKind.Cross or SyntaxJoinKind.Inner) || join.Condition is not null && join.Condition is not LiteralExpression { Kind: LiteralKind.Boolean, Value: "true" })
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, join.Span, "an outer join or ON condition with a table function (use CROSS JOIN LATERAL)");
            }

            return BindTableFunction(function, left);
        }

        var right = join.Right is SubqueryTableReference { Lateral: true } lateral
            ? throw Error(DiagnosticCodes.FeatureNotSupported, lateral.Span, "LATERAL subqueries")
            : BindTableReference(join.Right, mode);
        var scope = left.Scope.Concat(right.Scope);
        var kind = join.Kind switch
        {
            SyntaxJoinKind.Inner => LogicalJoinKind.Inner,
            SyntaxJoinKind.Left => LogicalJoinKind.Left,
            SyntaxJoinKind.Right => LogicalJoinKind.Right,
            SyntaxJoinKind.Full => LogicalJoinKind.Full,
            _ => LogicalJoinKind.Cross,
        };

        var usingColumns = join.Using.Select(u => (u.Name, u.Span)).ToList();
        if (join.Natural)
        {
            var rightNames = right.Scope.Columns.Where(c => !c.Hidden).Select(c => c.Name).ToHashSet();
            usingColumns = left.Scope.Columns.Where(c => !c.Hidden && rightNames.Contains(c.Name)).Select(c => (c.Name, join.Span)).ToList();
        }

        BoundExpression? condition = null;
        if (join.Condition is not null)
        {
            condition = BindCondition(join.Condition, new ExpressionContext(scope, "JOIN/ON"));
        }
        else if (usingColumns.Count > 0)
        {
            var equalities = new List<BoundExpression>();
            foreach (var (name, span) in usingColumns)
            {
                var l = left.Scope.Find(null, name, out var ambiguousLeft);
                var r = right.Scope.Find(null, name, out var ambiguousRight);
                if (l < 0 || r < 0)
                {
                    throw Error(DiagnosticCodes.UndefinedColumn, span, name)
                        .WithHint($"column \"{name}\" specified in USING clause does not exist in the {(l < 0 ? "left" : "right")} table");
                }

                if (ambiguousLeft is not null || ambiguousRight is not null)
                {
                    throw Error(DiagnosticCodes.AmbiguousColumn, span, name, ambiguousLeft ?? ambiguousRight);
                }

                var leftColumn = new BoundColumn(l, name, left.Scope.Columns[l].Type);
                var rightColumn = new BoundColumn(left.Scope.Count + r, name, right.Scope.Columns[r].Type);
                equalities.Add(ResolveCall("=", [leftColumn, rightColumn], [span, span], span, isOperator: true));
            }

            condition = equalities.Count == 1 ? equalities[0] : new BoundBoolean(BoolOperator.And, [.. equalities]);
        }
        else if (kind != LogicalJoinKind.Cross && !join.Natural)
        {
            throw Error(DiagnosticCodes.SyntaxError, join.Span, "JOIN needs an ON or USING clause (or use CROSS JOIN)");
        }

        if (kind == LogicalJoinKind.Cross && condition is not null)
        {
            kind = LogicalJoinKind.Inner;
        }

        LogicalPlan plan = new LogicalJoin(left.Plan, right.Plan, kind, [], condition, JoinStrategy.Regular, null);
        if (usingColumns.Count == 0)
        {
            return new BoundRelation(plan, scope);
        }

        // USING columns: one visible merged column each (COALESCE for FULL joins); the side copies
        // stay reachable as left.k / right.k only.
        var columns = scope.Columns.ToBuilder();
        var expressions = plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToList();
        var names = plan.Schema.Select(c => c.Name).ToList();
        foreach (var (name, _) in usingColumns)
        {
            var l = left.Scope.Find(null, name, out _);
            var r = left.Scope.Count + right.Scope.Find(null, name, out _);
            if (kind == LogicalJoinKind.Full)
            {
                var type = CastRules.CommonType(columns[l].Type, columns[r].Type) ?? columns[l].Type;
                expressions.Add(new BoundCoalesce([Convert(expressions[l], type, Runtime.Types.CastContext.Implicit, join.Span), Convert(expressions[r], type, Runtime.Types.CastContext.Implicit, join.Span)], type));
                names.Add(name);
                columns.Add(new ScopeColumn(null, name, type));
                columns[l] = columns[l] with { Hidden = true, QualifiedOnly = true };
            }
            else if (kind == LogicalJoinKind.Right)
            {
                columns[l] = columns[l] with { Hidden = true, QualifiedOnly = true };
            }

            if (kind != LogicalJoinKind.Right)
            {
                columns[r] = columns[r] with { Hidden = true, QualifiedOnly = true };
            }
            else
            {
                columns[r] = columns[r] with { QualifiedOnly = false };
            }
        }

        if (expressions.Count > plan.Schema.Length)
        {
            plan = new LogicalProject(plan, [.. expressions], [.. names]);
        }

        return new BoundRelation(plan, new Scope(columns.ToImmutable()));
    }

    /// <summary>
    /// <c>unnest(array) [WITH ORDINALITY] [AS t(v, i)]</c>, alone in FROM or laterally after
    /// <paramref name="left"/> (whose columns the array expression may read).
    /// </summary>
    private BoundRelation BindTableFunction(FunctionTableReference function, BoundRelation? left)
    {
        var name = function.Function.Name.Name.Name;
        var isSeries = name == "generate_series" && function.Function.Arguments.Length is 2 or 3;
        left ??= new BoundRelation(new LogicalValues([ImmutableArray<BoundExpression>.Empty], []), Scope.Empty);
        if (name == "pg_options_to_table" && function.Function.Arguments.Length == 1 && !function.WithOrdinality)
        {
            return BindOptionsToTable(function, left);
        }

        if (!isSeries && (name != "unnest" || function.Function.Arguments.Length != 1))
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, function.Span, $"table function {name}() (unnest(array), generate_series(start, stop [, step]) and pg_options_to_table(options) are)");
        }

        var array = isSeries
            ? BindSeries(function.Function, new ExpressionContext(left.Scope, "FROM"))
            : Bind(function.Function.Arguments[0], new ExpressionContext(left.Scope, "FROM"));
        if (array.Type.Kind == TypeKind.Unknown)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, function.Function.Arguments[0].Span, "could not determine the element type of unnest's argument; add a cast such as ::int[]");
        }

        if (array.Type.Kind != TypeKind.Array)
        {
            throw Error(DiagnosticCodes.UndefinedFunction, function.Function.Span, $"unnest({array.Type})", "").WithHint("unnest takes an array");
        }

        var alias = function.Alias;
        var relation = alias?.Name.Name ?? name;
        var element = alias is { Columns.Length: > 0 } ? alias.Columns[0].Name : alias?.Name.Name ?? name;
        var ordinality = alias is { Columns.Length: > 1 } ? alias.Columns[1].Name : "ordinality";
        var plan = new LogicalUnnest(left.Plan, array, function.WithOrdinality, element, ordinality);
        var columns = left.Scope.Columns.Add(new ScopeColumn(relation, element, array.Type.Element ?? DataType.Unknown));
        if (function.WithOrdinality)
        {
            columns = columns.Add(new ScopeColumn(relation, ordinality, DataType.Int64));
        }

        return new BoundRelation(plan, new Scope(columns));
    }

    /// <summary>
    /// <c>pg_options_to_table(options text[])</c>: one row <c>(option_name, option_value)</c> per <c>name=value</c>
    /// element, split at the first <c>=</c> (value NULL without one), as PostgreSQL reads reloptions and FDW options.
    /// An unnest of the array and a projection of the two parts.
    /// </summary>
    private BoundRelation BindOptionsToTable(FunctionTableReference function, BoundRelation left)
    {
        var argument = function.Function.Arguments[0];
        var options = Convert(Bind(argument, new ExpressionContext(left.Scope, "FROM")), DataType.ArrayOf(DataType.Text), CastContext.Implicit, argument.Span);
        var unnest = new LogicalUnnest(left.Plan, options, false, "?option", "ordinality");
        var width = left.Plan.Schema.Length;
        var option = new BoundColumn(width, "?option", DataType.Text);
        var span = function.Span;
        var equals = new BoundLiteral("=", DataType.Text);
        var at = ResolveCall("strpos", [option, equals], [span, span], span, isOperator: false);
        var optionName = ResolveCall("split_part", [option, equals, new BoundLiteral(1, DataType.Int32)], [span, span, span], span, isOperator: false);
        var optionValue = new BoundCase(
            [new BoundWhen(ResolveCall(">", [at, new BoundLiteral(0, DataType.Int32)], [span, span], span, isOperator: true),
                ResolveCall("substr", [option, ResolveCall("+", [at, new BoundLiteral(1, DataType.Int32)], [span, span], span, isOperator: true)], [span, span], span, isOperator: false))],
            BoundLiteral.Null(DataType.Text), DataType.Text);
        var alias = function.Alias;
        var relation = alias?.Name.Name ?? "pg_options_to_table";
        var names = new[] { "option_name", "option_value" }.Select((n, i) => alias is not null && i < alias.Columns.Length ? alias.Columns[i].Name : n).ToArray();
        var plan = new LogicalProject(unnest,
            [.. left.Plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)), optionName, optionValue],
            [.. left.Plan.Schema.Select(c => c.Name), .. names]);
        return new BoundRelation(plan, new Scope([.. left.Scope.Columns, .. names.Select(n => new ScopeColumn(relation, n, DataType.Text))]));
    }

    /// <summary>
    /// <c>generate_series(start, stop [, step])</c> as the array its <c>unnest</c> reads: integers (int, or
    /// bigint when an argument is), or timestamps (timestamptz for untyped literals) with an interval step.
    /// </summary>
    private BoundExpression BindSeries(FunctionCallExpression call, ExpressionContext context)
    {
        var args = call.Arguments.Select(a => Bind(a, context)).ToList();
        bool IsTime(BoundExpression e) => e.Type.Kind is TypeKind.Timestamp or TypeKind.TimestampTz or TypeKind.Date;
        DataType element;
        if (args.Count == 3 && (args[2].Type.Kind == TypeKind.Interval || args.Take(2).Any(IsTime)))
        {
            element = args.Take(2).Any(a => a.Type.Kind == TypeKind.Timestamp) && !args.Take(2).Any(a => a.Type.Kind == TypeKind.TimestampTz)
                ? DataType.Timestamp
                : DataType.TimestampTz;
        }
        else if (args.All(a => a.Type.Kind is TypeKind.Int16 or TypeKind.Int32 or TypeKind.Int64 or TypeKind.Unknown))
        {
            element = args.Any(a => a.Type.Kind == TypeKind.Int64) ? DataType.Int64 : DataType.Int32;
        }
        else
        {
            throw Error(DiagnosticCodes.UndefinedFunction, call.Span,
                $"generate_series({string.Join(", ", args.Select(a => a.Type.ToString()))})", "")
                .WithHint("generate_series takes integers, or timestamps with an interval step");
        }

        var function = Runtime.Functions.SeriesFunctions.For(element);
        var converted = args.Select((a, i) => Convert(a, function.Signature.Parameters[i], CastContext.Implicit, call.Arguments[i].Span)).ToImmutableArray();
        return new BoundCall(function, converted, function.Signature.ReturnType);
    }
}
