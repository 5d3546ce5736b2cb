using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Connectors.Generator;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Binds one statement against a catalog snapshot: resolves names, types every expression, checks
/// the streaming rules, builds the logical plan and, through the rules and the lowering, the
/// physical plan. One instance per statement; the first fatal user error unwinds as a
/// <see cref="BindException"/> to <see cref="PlanStatement"/>, which returns it as a diagnostic.
/// </summary>
internal sealed partial class Binder(Catalog catalog, PlannerOptions options, IFunctionLookup? functionLookup = null)
{
    private readonly List<Diagnostic> diagnostics = [];

    // SESSION windows bound in this statement, and those an aggregate above computes (the only way
    // they are lowered): any other is reported when the statement is bound.
    private readonly Dictionary<LogicalWindow, TextSpan> sessionWindows = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<LogicalWindow> aggregatedSessionWindows = new(ReferenceEqualityComparer.Instance);
    private readonly PlannerOptions options = options;
    private readonly IFunctionLookup functions = functionLookup ?? RegistryFunctionLookup.Default;
    private readonly Dictionary<int, DataType> parameterTypes = [];
    private int maxParameter;
    private Catalog catalog = catalog;

    public PlanResult PlanStatement(Statement statement)
    {
        PlannedStatement? planned = null;
        var before = catalog;
        try
        {
            planned = BindStatement(statement);
        }
        catch (BindException e)
        {
            diagnostics.Add(e.Diagnostic);
        }

        var failed = planned is null || diagnostics.Any(d => d.IsError);
        return new PlanResult(failed ? null : planned, failed ? before : catalog, [.. diagnostics], ParameterTypes());
    }

    /// <summary>
    /// The physical plan of a bound plan. A SESSION window is computed by the aggregate over it (the
    /// runtime's session aggregate), so one with no aggregate over it is refused here, at its span.
    /// </summary>
    private Runtime.Plan.PlanNode Lower(LogicalPlan plan)
    {
        if (sessionWindows.FirstOrDefault(w => !aggregatedSessionWindows.Contains(w.Key)) is { Key: not null } unaggregated)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, unaggregated.Value, "a SESSION window without a GROUP BY aggregate over it")
                .WithHint("aggregate its rows, e.g. SELECT window_start, window_end, k, count(*) FROM SESSION(...) GROUP BY window_start, window_end, k");
        }

        return Lowering.Lower(plan);
    }

    private PlannedStatement BindStatement(Statement statement) => statement switch
    {
        QueryStatement query => BindSelectStatement(query.Query),
        CreateTableStatement table => BindCreateTable(table),
        CreateSourceStatement source => BindCreateSource(source),
        CreateMaterializedViewStatement view => BindCreateMaterializedView(view),
        CreateViewStatement view => BindCreateView(view),
        CreateSinkStatement sink => BindCreateSink(sink),
        InsertStatement insert => BindInsert(insert),
        UpdateStatement update => BindUpdate(update),
        DeleteStatement delete => BindDelete(delete),
        TruncateStatement truncate => BindTruncate(truncate),
        DropStatement drop => BindDrop(drop),
        ShowStatement show => BindShow(show),
        SetStatement set => new SetPlan(set.Name.ToString().ToLowerInvariant(), set.IsDefault ? null : string.Join(", ", set.Values.Select(SettingText))),
        ResetStatement reset => new SetPlan(reset.Name?.ToString().ToLowerInvariant() ?? "all", null),
        SubscribeStatement subscribe => BindSubscribe(subscribe),
        DeclareCursorStatement declare => new DeclareCursorPlan(declare.Name.Name, BindStatement(declare.Source)),
        FetchStatement fetch => BindFetch(fetch),
        CloseStatement close => new ClosePlan(close.Cursor?.Name),
        ExplainStatement explain => BindExplain(explain),
        FlushStatement => new FlushPlan(),
        TransactionStatement transaction => new TransactionPlan(transaction.Kind),
        DiscardStatement discard => new DiscardPlan(discard.Target),
        CopyStatement copy => BindCopy(copy),
        _ => throw Error(DiagnosticCodes.FeatureNotSupported, statement.Span, StatementName(statement)),
    };

    private static string StatementName(Statement statement) => statement switch
    {
        _ => statement.GetType().Name.Replace("Statement", "", StringComparison.Ordinal),
    };

    private ImmutableArray<DataType> ParameterTypes()
    {
        var count = Math.Max(maxParameter, options.Parameters.Length);
        return Enumerable.Range(1, count)
            .Select(i => parameterTypes.GetValueOrDefault(i) is { Kind: not TypeKind.Unknown } t ? t
                : i <= options.Parameters.Length && options.Parameters[i - 1] is { } given ? given : DataType.Text)
            .ToImmutableArray();
    }

    private static BindException Error(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        new(Diagnostic.Create(descriptor, span, args));

    private void Warn(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        diagnostics.Add(Diagnostic.Create(descriptor, span, args));

    private string DefinitionText(Statement statement) =>
        options.Source is { } source && statement.Span.End <= source.Length ? source[statement.Span].Trim() : "";

    private static string KindWord(ObjectKind kind) => kind switch
    {
        ObjectKind.MaterializedView => "materialized view",
        ObjectKind.SystemTable => "system table",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static ObjectKind ToObjectKind(Parser.Syntax.ObjectKind kind) => kind switch
    {
        Parser.Syntax.ObjectKind.Source => ObjectKind.Source,
        Parser.Syntax.ObjectKind.Table => ObjectKind.Table,
        Parser.Syntax.ObjectKind.MaterializedView => ObjectKind.MaterializedView,
        Parser.Syntax.ObjectKind.View => ObjectKind.View,
        _ => ObjectKind.Sink,
    };

    /// <summary>Fails with 42P07 when the name is taken; returns false (with a notice) for IF NOT EXISTS.</summary>
    private bool CheckNewName(QualifiedName name, ObjectKind kind, bool ifNotExists, out NoOpPlan? skip)
    {
        skip = null;
        var existing = catalog.Find(name.ToString());
        if (existing is null)
        {
            return true;
        }

        if (ifNotExists)
        {
            skip = new NoOpPlan("CREATE " + KindWord(kind).ToUpperInvariant(), $"{KindWord(existing.Kind)} \"{existing.Name}\" already exists, skipping");
            return false;
        }

        throw Error(DiagnosticCodes.DuplicateObject, name.Span, KindWord(existing.Kind), existing.Name);
    }

    // ---- one-time queries ------------------------------------------------------------------

    private QueryPlan BindSelectStatement(Query query)
    {
        var bound = BindQuery(query, QueryMode.OneTime);
        RejectSources();
        var logical = Optimizer.Optimize(bound.Plan);
        return new QueryPlan(Lower(logical), Columns(logical), logical);
    }

    /// <summary>A one-time query cannot read a source: it has no stored contents, only a future.</summary>
    private void RejectSources()
    {
        if (sourcesRead.Count > 0)
        {
            var (source, span) = sourcesRead[0];
            throw Error(DiagnosticCodes.SelectFromSource, span, source.Name);
        }
    }

    private static ImmutableArray<ColumnDefinition> Columns(LogicalPlan plan) =>
        plan.Schema.Select(c => new ColumnDefinition(c.Name, c.Type)).ToImmutableArray();

    // ---- CREATE TABLE / SOURCE ------------------------------------------------------------

    private PlannedStatement BindCreateTable(CreateTableStatement create)
    {
        if (!CheckNewName(create.Name, ObjectKind.Table, create.IfNotExists, out var skip))
        {
            return skip!;
        }

        if (create.AsQuery is not null)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, create.AsQuery.Span, "CREATE TABLE ... AS (create the table, then INSERT ... SELECT)");
        }

        if (!create.Options.IsEmpty || create.Format is not null)
        {
            var span = create.Options.IsEmpty ? create.Format!.Span : create.Options[0].Span;
            throw Error(DiagnosticCodes.FeatureNotSupported, span, "connector options on a table (use CREATE SOURCE)");
        }

        var columns = BindColumnDefinitions(create.Columns);
        var primaryKey = BindPrimaryKey(create.Columns, create.PrimaryKey, columns);
        // Key columns are NOT NULL however the key is declared, as in PostgreSQL.
        columns = [.. columns.Select((c, i) => primaryKey.Contains(i) ? c with { Nullable = false } : c)];
        columns = BindDefaults(create.Columns, columns);
        if (create.Constraints.OfType<UniqueConstraint>().FirstOrDefault() is { } unique)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, unique.Span, "UNIQUE (a table's only unique constraint is its PRIMARY KEY)");
        }

        var checks = BindChecks(create.Name.ToString(), create.Constraints, columns, !primaryKey.IsEmpty);
        var watermark = BindWatermark(create.Watermarks, columns);
        var table = new TableDefinition(0, create.Name.ToString(), columns, DefinitionText(create), primaryKey, create.AppendOnly, watermark) { Checks = checks };
        catalog = catalog.With(table);
        return new CreateTablePlan((TableDefinition)catalog.Find(table.Name)!);
    }

    private PlannedStatement BindCreateSource(CreateSourceStatement create)
    {
        if (!CheckNewName(create.Name, ObjectKind.Source, create.IfNotExists, out var skip))
        {
            return skip!;
        }

        var columns = BindColumnDefinitions(create.Columns);
        if (create.Columns.FirstOrDefault(c => c.Default is not null) is { } withDefault)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, withDefault.Default!.Span, "DEFAULT on a source column (a source's rows come whole from its connector)");
        }

        if (!create.Constraints.IsEmpty)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, create.Constraints[0].Span, "a constraint on a source (a source's rows come from its connector as they are)");
        }

        if (create.PrimaryKey is not null || create.Columns.Any(c => c.PrimaryKey))
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, create.PrimaryKey?.Span ?? create.Columns.First(c => c.PrimaryKey).Span, "a primary key on a source (sources are append-only)");
        }

        var watermark = BindWatermark(create.Watermarks, columns);
        var connector = BindConnector(create.Options, create.Span, ConnectorRules.Sources, "source");
        if (connector.Name == GeneratorSourceOptions.ConnectorName)
        {
            CheckGeneratorOptions(create, connector, columns);
        }

        var format = BindFormat(create.Format, connector.Name, ConnectorRules.Sources[connector.Name].DefaultFormat);
        var source = new SourceDefinition(0, create.Name.ToString(), columns, DefinitionText(create), watermark, connector, format);
        catalog = catalog.With(source);
        return new CreateSourcePlan((SourceDefinition)catalog.Find(source.Name)!);
    }

    /// <summary>
    /// A generator's field options depend on the columns' types; the runtime's generator decides what
    /// it can produce (<see cref="GeneratorSourceOptions.Check"/>), and its answer is placed on the option.
    /// </summary>
    private void CheckGeneratorOptions(CreateSourceStatement create, ConnectorDefinition connector, ImmutableArray<ColumnDefinition> columns)
    {
        var schema = new RowSchema([.. columns.Select(c => new RowField(c.Name, c.Type))]);
        if (GeneratorSourceOptions.Check(connector.Options, schema) is not { } problem)
        {
            return;
        }

        var option = create.Options.FirstOrDefault(o => string.Equals(o.Key, problem.Option, StringComparison.OrdinalIgnoreCase));
        throw Error(DiagnosticCodes.InvalidOptionValue, option?.Span ?? create.Options.FirstOrDefault()?.Span ?? create.Span, problem.Option, problem.Message);
    }

    private ImmutableArray<ColumnDefinition> BindColumnDefinitions(ImmutableArray<Parser.Syntax.ColumnDefinition> definitions)
    {
        var seen = new HashSet<string>();
        var columns = ImmutableArray.CreateBuilder<ColumnDefinition>(definitions.Length);
        foreach (var definition in definitions)
        {
            if (!seen.Add(definition.Name.Name))
            {
                throw Error(DiagnosticCodes.DuplicateColumn, definition.Name.Span, definition.Name.Name);
            }

            columns.Add(new ColumnDefinition(definition.Name.Name, ResolveType(definition.Type), !definition.NotNull && !definition.PrimaryKey));
        }

        return columns.MoveToImmutable();
    }

    private ImmutableArray<int> BindPrimaryKey(ImmutableArray<Parser.Syntax.ColumnDefinition> definitions, PrimaryKeyConstraint? constraint, ImmutableArray<ColumnDefinition> columns)
    {
        if (constraint is null)
        {
            return definitions.Select((d, i) => (d, i)).Where(x => x.d.PrimaryKey).Select(x => x.i).ToImmutableArray();
        }

        return constraint.Columns.Select(c =>
        {
            var index = columns.Select(x => x.Name).ToList().IndexOf(c.Name);
            return index >= 0 ? index : throw Error(DiagnosticCodes.UndefinedColumn, c.Span, c.Name).WithHint("the primary key must name columns of the table");
        }).ToImmutableArray();
    }

    /// <summary><c>WATERMARK FOR ts AS ts [- INTERVAL '...']</c> over a timestamp column.</summary>
    private WatermarkDefinition? BindWatermark(ImmutableArray<Parser.Syntax.WatermarkDefinition> watermarks, ImmutableArray<ColumnDefinition> columns)
    {
        if (watermarks.IsEmpty)
        {
            return null;
        }

        if (watermarks.Length > 1)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, watermarks[1].Span, "more than one WATERMARK");
        }

        var watermark = watermarks[0];
        var scope = Scope.FromColumns(null, columns.Select(c => (c.Name, c.Type)));
        var index = scope.Find(null, watermark.Column.Name, out _);
        if (index < 0)
        {
            throw Error(DiagnosticCodes.UndefinedColumn, watermark.Column.Span, watermark.Column.Name);
        }

        if (!columns[index].Type.IsTimestamp)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, watermark.Column.Span,
                $"watermark column \"{watermark.Column.Name}\" must be a timestamp or timestamptz, not {columns[index].Type}");
        }

        var expression = Bind(watermark.Expression, new ExpressionContext(scope, "WATERMARK"));
        var delay = expression switch
        {
            BoundColumn c when c.Index == index => (Interval?)default(Interval),
            BoundCall { Name: "-", Arguments: [BoundColumn c, BoundLiteral { Value: Interval d }] } when c.Index == index && d.NormalizedMicros >= 0 => d,
            _ => null,
        };
        if (delay is null)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, watermark.Expression.Span,
                $"a watermark must be \"{watermark.Column.Name}\" or \"{watermark.Column.Name} - INTERVAL '...'\" with a non-negative interval");
        }

        if (!delay.Value.IsFixedLength)
        {
            throw Error(DiagnosticCodes.InvalidParameterValue, watermark.Expression.Span, "a watermark delay must have a fixed length (no months or years)");
        }

        var text = options.Source is { } source ? source[watermark.Expression.Span] : "";
        return new WatermarkDefinition(index, columns[index].Name, delay.Value, text);
    }

    private ConnectorDefinition BindConnector(ImmutableArray<WithOption> withOptions, TextSpan statementSpan, IReadOnlyDictionary<string, ConnectorRules.Rules> table, string what)
    {
        var values = new Dictionary<string, (string Value, TextSpan Span)>();
        foreach (var option in withOptions)
        {
            var key = option.Key.ToLowerInvariant() == "connector" ? "connector" : option.Key;
            if (values.ContainsKey(key))
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, key, "the option is given more than once");
            }

            values[key] = (OptionText(option), option.Span);
        }

        var connectors = string.Join(", ", table.Keys.Order());
        if (!values.TryGetValue("connector", out var connectorOption))
        {
            throw Error(DiagnosticCodes.MissingOption, withOptions.IsEmpty ? statementSpan : withOptions[0].Span, "connector", what, connectors)
                .WithHint($"add WITH (connector = '...'); {what} connectors: {connectors}");
        }

        var name = connectorOption.Value.ToLowerInvariant();
        if (!table.TryGetValue(name, out var rules))
        {
            throw Error(DiagnosticCodes.InvalidOptionValue, connectorOption.Span, "connector", $"unknown {what} connector '{connectorOption.Value}': expected one of {connectors}");
        }

        var valid = string.Join(", ", rules.All);
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, (value, span)) in values)
        {
            if (key == "connector")
            {
                continue;
            }

            if (!rules.Accepts(key))
            {
                throw Error(DiagnosticCodes.UnknownOption, span, key, name, valid);
            }

            if (ConnectorRules.CheckValue(name, key, value) is { } problem)
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, span, key, problem);
            }

            result[key] = value;
        }

        foreach (var required in rules.Required)
        {
            if (!result.ContainsKey(required))
            {
                throw Error(DiagnosticCodes.MissingOption, connectorOption.Span, required, name, valid);
            }
        }

        return new ConnectorDefinition(name, result.ToImmutable());
    }

    private static string OptionText(WithOption option) => option.Value switch
    {
        null => "true",
        LiteralExpression literal => literal.Value,
        ColumnReferenceExpression column => string.Join(".", column.Parts.Select(p => p.Name)),
        IntervalLiteralExpression interval => interval.Value + (interval.Unit is { } unit ? " " + unit.ToString().ToLowerInvariant() : ""),
        UnaryExpression { Operator: UnaryOperator.Negate, Operand: LiteralExpression literal } => "-" + literal.Value,
        var other => other.ToString() ?? "",
    };

    private static string SettingText(Expression value) => value switch
    {
        LiteralExpression literal => literal.Value,
        ColumnReferenceExpression column => string.Join(".", column.Parts.Select(p => p.Name)),
        UnaryExpression { Operator: UnaryOperator.Negate, Operand: LiteralExpression literal } => "-" + literal.Value,
        IntervalLiteralExpression interval => interval.Value,
        _ => value.ToString() ?? "",
    };

    private FormatDefinition BindFormat(FormatClause? clause, string connector, string defaultFormat)
    {
        if (clause is null)
        {
            return new FormatDefinition(defaultFormat, ImmutableSortedDictionary<string, string>.Empty);
        }

        var name = clause.Format.ToString().ToUpperInvariant();
        var valid = clause.Format switch
        {
            DataFormat.Csv => new[] { "header", "delimiter" },
            DataFormat.Text => ["delimiter"],
            _ => [],
        };
        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var option in clause.Options)
        {
            var key = option.Key.ToLowerInvariant();
            if (!valid.Contains(key))
            {
                throw Error(DiagnosticCodes.UnknownOption, option.Span, key, $"FORMAT {name}", valid.Length == 0 ? "(none)" : string.Join(", ", valid));
            }

            var value = OptionText(option);
            if (key == "header" && value.ToLowerInvariant() is not ("true" or "false"))
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, key, "expected true or false");
            }

            if (key == "delimiter" && value.Length != 1)
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, key, "expected a single character");
            }

            result[key] = key == "header" ? value.ToLowerInvariant() : value;
        }

        _ = connector;
        return new FormatDefinition(name, result.ToImmutable());
    }

    // ---- views and sinks --------------------------------------------------------------------

    private PlannedStatement BindCreateMaterializedView(CreateMaterializedViewStatement create)
    {
        if (!CheckNewName(create.Name, ObjectKind.MaterializedView, create.IfNotExists, out var skip))
        {
            return skip!;
        }

        if (!create.Options.IsEmpty)
        {
            throw Error(DiagnosticCodes.UnknownOption, create.Options[0].Span, create.Options[0].Key, "CREATE MATERIALIZED VIEW", "(none)");
        }

        var name = create.Name.ToString();
        var bound = Rename(BindQuery(create.Query, QueryMode.Streaming), null, create.Columns, create.Span);
        var plan = Optimizer.Optimize(Named(bound));
        var emit = create.Emit == Parser.Syntax.EmitMode.OnWindowClose ? EmitMode.OnWindowClose : EmitMode.OnUpdate;
        if (emit == EmitMode.OnWindowClose)
        {
            plan = ApplyEmitOnWindowClose(plan, create.Span);
        }

        LateDataPlan? lateData = null;
        if (create.LateDataTo is { } lateName)
        {
            var late = LookupRelation(lateName);
            lateData = late is TableDefinition lateTable
                ? new LateDataPlan(lateTable)
                : throw Error(DiagnosticCodes.WrongObjectKind, lateName.Span, late.Name, "table", KindWord(late.Kind));
            dependencies.Add(late.Id);
        }

        CheckColumnNames(plan, create.Span);
        var view = new MaterializedViewDefinition(0, name, Columns(plan), DefinitionText(create), [.. dependencies.Order()], plan, emit, lateData?.Table.Name);
        catalog = catalog.With(view);
        view = (MaterializedViewDefinition)catalog.Find(name)!;
        ReportStateWarnings(plan, create.Span);
        return new CreateMaterializedViewPlan(view, Lower(new LogicalMaterialize(plan, name)), lateData);
    }

    /// <summary>Gives a bound query's output columns their scope names (aliases applied by <c>AS v(a, b)</c>).</summary>
    private static LogicalPlan Named(BoundRelation relation)
    {
        var names = relation.Scope.Columns.Select(c => c.Name).ToImmutableArray();
        if (relation.Plan.Schema.Select(c => c.Name).SequenceEqual(names))
        {
            return relation.Plan;
        }

        return new LogicalProject(relation.Plan, relation.Plan.Schema.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToImmutableArray(), names);
    }

    private void CheckColumnNames(LogicalPlan plan, TextSpan span)
    {
        var duplicate = plan.Schema.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Error(DiagnosticCodes.DuplicateColumn, span, duplicate.Key).WithHint("give the columns distinct names with AS");
        }
    }

    /// <summary>
    /// EMIT ON WINDOW CLOSE: windowed aggregates emit final rows when their window closes; a query
    /// without one holds each row until the watermark passes its time column.
    /// </summary>
    private LogicalPlan ApplyEmitOnWindowClose(LogicalPlan plan, TextSpan span)
    {
        var aggregates = plan.DescendantsAndSelf().OfType<LogicalAggregate>().ToList();
        if (aggregates.Count > 0)
        {
            var top = aggregates[0];
            if (top.ClosingWatermark is null)
            {
                // A watermark below that no window carries up: the grouping is what is missing.
                throw top.DescendantsAndSelf().Any(n => n is LogicalWatermark || n.Schema.Any(c => c.Watermark is not null))
                    ? Error(DiagnosticCodes.EmitOnWindowCloseWithoutWindow, span, InputName(top))
                    : Error(DiagnosticCodes.EmitOnWindowCloseWithoutWatermark, span, InputName(top));
            }

            return Replace(plan, top, top with { Emit = EmitMode.OnWindowClose });
        }

        var time = plan.Schema.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Watermark is not null);
        if (time.c is null)
        {
            throw Error(DiagnosticCodes.EmitOnWindowCloseWithoutWatermark, span, InputName(plan));
        }

        return new LogicalEmitOnWindowClose(plan, time.i);
    }

    private static string InputName(LogicalPlan plan) =>
        plan.DescendantsAndSelf().OfType<LogicalScan>().Select(s => s.Relation.Name).FirstOrDefault() ?? "the query";

    private static LogicalPlan Replace(LogicalPlan plan, LogicalPlan target, LogicalPlan replacement) =>
        ReferenceEquals(plan, target) ? replacement : plan.WithInputs(plan.Inputs.Select(i => Replace(i, target, replacement)).ToImmutableArray());

    private PlannedStatement BindCreateView(CreateViewStatement create)
    {
        var replaced = create.OrReplace ? catalog.Find(create.Name.ToString()) as ViewDefinition : null;
        if (replaced is not null)
        {
            // What reads the view planned it into itself (a materialized view keeps running on the old
            // definition), so only a view nothing reads yet is replaced.
            var readers = catalog.DependentsOf(replaced.Id);
            if (!readers.IsEmpty)
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, create.Name.Span,
                    $"CREATE OR REPLACE VIEW of \"{replaced.Name}\", which {string.Join(", ", readers.Select(r => $"{KindWord(r.Kind)} {r.Name}"))} read{(readers.Length == 1 ? "s" : "")},")
                    .WithHint("drop what reads it (DROP ... CASCADE), replace the view, then create them again");
            }

            catalog = catalog.Without(replaced.Name);
        }
        else if (!CheckNewName(create.Name, ObjectKind.View, create.IfNotExists && !create.OrReplace, out var skip))
        {
            return skip!;
        }

        var name = create.Name.ToString();
        var bound = Rename(BindQuery(create.Query, QueryMode.Streaming), null, create.Columns, create.Span);
        var plan = Named(bound);
        CheckColumnNames(plan, create.Span);
        if (replaced is not null)
        {
            CheckReplacedColumns(replaced, Columns(plan), create.Query.Span);
        }

        var view = new ViewDefinition(0, name, Columns(plan), DefinitionText(create), [.. dependencies.Order()], plan);
        catalog = catalog.With(view);
        return new CreateViewPlan((ViewDefinition)catalog.Find(name)!);
    }

    /// <summary>PostgreSQL's rule for CREATE OR REPLACE VIEW: the old columns stay, same names and types, in order; new ones may follow.</summary>
    private static void CheckReplacedColumns(ViewDefinition old, ImmutableArray<ColumnDefinition> columns, TextSpan span)
    {
        if (columns.Length < old.Columns.Length)
        {
            throw Error(DiagnosticCodes.ViewColumnsChanged, span, "cannot drop columns from view");
        }

        for (var i = 0; i < old.Columns.Length; i++)
        {
            if (!string.Equals(old.Columns[i].Name, columns[i].Name, StringComparison.Ordinal))
            {
                throw Error(DiagnosticCodes.ViewColumnsChanged, span, $"cannot change name of view column \"{old.Columns[i].Name}\" to \"{columns[i].Name}\"");
            }

            if (old.Columns[i].Type != columns[i].Type)
            {
                throw Error(DiagnosticCodes.ViewColumnsChanged, span, $"cannot change data type of view column \"{old.Columns[i].Name}\" from {old.Columns[i].Type} to {columns[i].Type}");
            }
        }
    }

    private PlannedStatement BindCreateSink(CreateSinkStatement create)
    {
        if (!CheckNewName(create.Name, ObjectKind.Sink, create.IfNotExists, out var skip))
        {
            return skip!;
        }

        var name = create.Name.ToString();
        LogicalPlan plan;
        if (create.From is { } from)
        {
            plan = BindNamed(new NamedTableReference(from, null, from.Span)).Plan;
        }
        else
        {
            plan = Named(BindQuery(create.Query!, QueryMode.Streaming));
        }

        plan = Optimizer.Optimize(plan);
        var connector = BindConnector(create.Options, create.Span, ConnectorRules.Sinks, "sink");
        var format = BindFormat(create.Format, connector.Name, ConnectorRules.Sinks[connector.Name].DefaultFormat);
        if (connector.Name == "postgres")
        {
            CheckPostgresSinkKey(create, connector, plan);
        }
        else if (connector.Name == "file")
        {
            CheckFileSinkPath(create, connector, name);
        }

        var sink = new SinkDefinition(0, name, Columns(plan), DefinitionText(create), [.. dependencies.Order()], plan, connector, format);
        catalog = catalog.With(sink);
        sink = (SinkDefinition)catalog.Find(name)!;
        ReportStateWarnings(plan, create.Span);
        return new CreateSinkPlan(sink, Lower(new LogicalSink(plan, name, connector, format)));
    }

    /// <summary>
    /// A <c>postgres</c> sink applies changes by <c>primary_key</c>: its columns must be columns of the query,
    /// and a query that updates or deletes rows needs one (without it, rows can only be appended).
    /// </summary>
    private void CheckPostgresSinkKey(CreateSinkStatement create, ConnectorDefinition connector, LogicalPlan plan)
    {
        var keyOption = create.Options.FirstOrDefault(o => string.Equals(o.Key, "primary_key", StringComparison.OrdinalIgnoreCase));
        var connectorOption = create.Options.FirstOrDefault(o => string.Equals(o.Key, "connector", StringComparison.OrdinalIgnoreCase));
        if (connector.Get("primary_key") is not { } key)
        {
            if (plan.Changelog != ChangelogMode.AppendOnly)
            {
                throw Error(DiagnosticCodes.FeatureNotSupported, connectorOption?.Span ?? create.Span,
                    "a postgres sink without primary_key for a query that updates or deletes rows")
                    .WithHint("set primary_key to the columns that identify a row of the query, e.g. its GROUP BY columns");
            }

            return;
        }

        foreach (var column in key.Split(',').Select(c => c.Trim()))
        {
            if (!plan.Schema.Any(c => c.Name == column))
            {
                throw Error(DiagnosticCodes.UndefinedColumn, keyOption?.Span ?? create.Span, column)
                    .WithHint($"primary_key names columns of the sink's query: {string.Join(", ", plan.Schema.Select(c => c.Name))}");
            }
        }
    }

    /// <summary>
    /// A <c>file</c> sink owns its folder: it deletes the hidden temporary and staged folders it finds
    /// there, and publishes epochs by their numbers, so two sinks sharing a folder (or one inside the
    /// other's) would remove or replace each other's output. The folder must not be a regular file either.
    /// </summary>
    private void CheckFileSinkPath(CreateSinkStatement create, ConnectorDefinition connector, string name)
    {
        var span = create.Options.FirstOrDefault(o => string.Equals(o.Key, "path", StringComparison.OrdinalIgnoreCase))?.Span ?? create.Span;
        var path = connector.Get("path")!;
        var folder = FileSinkFolder(path);
        foreach (var other in catalog.All<SinkDefinition>())
        {
            if (other.Name == name || other.Connector.Name != "file" || other.Connector.Get("path") is not { } otherPath)
            {
                continue;
            }

            var otherFolder = FileSinkFolder(otherPath);
            var relation = folder == otherFolder ? "is the folder"
                : folder.StartsWith(otherFolder, StringComparison.Ordinal) ? "is inside the folder"
                : otherFolder.StartsWith(folder, StringComparison.Ordinal) ? "contains the folder"
                : null;
            if (relation is not null)
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, span, "path",
                    $"'{path}' {relation} '{otherPath}' of file sink \"{other.Name}\"; each file sink needs a folder of its own, apart from the others'");
            }
        }

        if (File.Exists(path))
        {
            throw Error(DiagnosticCodes.InvalidOptionValue, span, "path", $"'{path}' is a file; expected a folder (created when missing)");
        }
    }

    /// <summary>A sink folder's full path ending in a separator, so that a prefix test means "inside".</summary>
    private static string FileSinkFolder(string path) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) + Path.DirectorySeparatorChar;

    /// <summary>Warnings for operators whose state grows forever and windows that can never close.</summary>
    private void ReportStateWarnings(LogicalPlan plan, TextSpan span)
    {
        foreach (var warning in PlanPrinter.Warnings(plan))
        {
            diagnostics.Add(Diagnostic.Create(warning.Descriptor, span, warning.Arguments));
        }
    }

    // ---- DML ------------------------------------------------------------------------------------

    private TableDefinition LookupTable(QualifiedName name, string statement)
    {
        var found = LookupRelation(name);
        if (found is not TableDefinition table)
        {
            throw Error(DiagnosticCodes.WrongObjectKind, name.Span, found.Name, "table", KindWord(found.Kind))
                .WithHint(found.Kind == ObjectKind.Source ? $"a source is fed by its connector; {statement} works on tables" : null);
        }

        return table;
    }

    private PlannedStatement BindInsert(InsertStatement insert)
    {
        var table = LookupTable(insert.Table, "INSERT");
        var targets = new List<int>();
        if (insert.Columns.IsEmpty)
        {
            targets.AddRange(Enumerable.Range(0, table.Columns.Length));
        }
        else
        {
            foreach (var column in insert.Columns)
            {
                var index = table.IndexOf(column.Name);
                if (index < 0)
                {
                    throw Error(DiagnosticCodes.UndefinedColumn, column.Span, column.Name).WithHint($"table \"{table.Name}\" has columns {string.Join(", ", table.Columns.Select(c => c.Name))}");
                }

                if (targets.Contains(index))
                {
                    throw Error(DiagnosticCodes.DuplicateColumn, column.Span, column.Name);
                }

                targets.Add(index);
            }
        }

        // Without a column list, PostgreSQL fills columns left to right and defaults the rest.
        if (insert.Columns.IsEmpty && insert.Source is { Body: ValuesBody { Rows: [var first, ..] } } && first.Length < targets.Count)
        {
            targets.RemoveRange(first.Length, targets.Count - first.Length);
        }

        BoundRelation source;
        if (insert.Source is null)
        {
            // DEFAULT VALUES: one row, every column its default; the one placeholder column is not stored.
            targets.Clear();
            source = new BoundRelation(new LogicalValues([[BoundLiteral.Null(DataType.Int32)]], [new PlanColumn("column1", DataType.Int32)]), Scope.Empty);
        }
        else
        {
            var targetTypes = targets.Select(t => table.Columns[t].Type).ToImmutableArray();
            source = insert.Source is { Body: ValuesBody values, With: null, OrderBy.IsEmpty: true, Limit: null, Offset: null }
                ? BindValues(values, targetTypes, c => DefaultValue(table.Columns[targets[c]]))
                : BindQuery(insert.Source, QueryMode.OneTime);
            RejectSources();
            var width = source.Plan.Schema.Length;
            if (width > targets.Count)
            {
                throw Error(DiagnosticCodes.SyntaxError, insert.Source.Span, "INSERT has more expressions than target columns");
            }

            if (width < targets.Count)
            {
                throw Error(DiagnosticCodes.SyntaxError, insert.Source.Span, "INSERT has more target columns than expressions");
            }
        }

        // The full rows are made here, defaults filling the columns not given, so every way rows enter
        // a table through INSERT (VALUES, SELECT, DEFAULT VALUES) fills them the same way.
        var schema = source.Plan.Schema;
        var expressions = InsertExpressions(table, targets, schema, insert.Source?.Span ?? insert.Span);
        var rows = new LogicalProject(source.Plan, expressions, table.Columns.Select(c => c.Name).ToImmutableArray());
        if (insert.Conflict is { } conflict && BindUpsert(insert, table, rows, conflict) is { } upsert)
        {
            return upsert;
        }

        var (returning, columns) = WithReturning(WithChecks(rows, table, 0), table, insert.Alias?.Name ?? table.Name, 0, insert.Returning);
        var plan = Optimizer.Optimize(returning);
        return new InsertPlan(table, Lower(plan)) { Logical = plan, Returning = columns };
    }

    /// <summary>
    /// The table's row, in its column order, from input columns (<paramref name="schema"/>) written to
    /// <paramref name="targets"/>: each converted to its column's type, the columns not written filled
    /// with their defaults as an INSERT with a column list fills them. INSERT and COPY FROM share it.
    /// </summary>
    private ImmutableArray<BoundExpression> InsertExpressions(TableDefinition table, List<int> targets, ImmutableArray<PlanColumn> schema, TextSpan span) =>
        table.Columns.Select((column, index) =>
        {
            var position = targets.IndexOf(index);
            if (position < 0)
            {
                return DefaultValue(column);
            }

            var value = new BoundColumn(position, schema[position].Name, schema[position].Type);
            return AssignmentConvert(value, column, span);
        }).ToImmutableArray();

    private BoundExpression AssignmentConvert(BoundExpression value, ColumnDefinition column, TextSpan span)
    {
        // A varchar(n) or char(n) column checks every value stored, whatever its type already says
        // (a VALUES list may have given the value the column's type without checking it).
        if (column.Type.MaxLength >= 0 && value.Type.Kind is TypeKind.Text or TypeKind.Unknown)
        {
            return ConvertToCharacterType(value, column.Type, CastContext.Assignment);
        }

        try
        {
            var converted = Convert(value, column.Type, CastContext.Assignment, span);
            return column.Type.MaxLength >= 0 ? ConvertToCharacterType(converted, column.Type, CastContext.Assignment) : converted;
        }
        catch (BindException e) when (e.Diagnostic.Descriptor == DiagnosticCodes.DatatypeMismatch || e.Diagnostic.Descriptor == DiagnosticCodes.CannotCast)
        {
            throw Error(DiagnosticCodes.DatatypeMismatch, span,
                $"column \"{column.Name}\" is of type {column.Type} but expression is of type {value.Type}")
                .WithHint($"rewrite or cast the expression: CAST(... AS {column.Type})");
        }
    }

    private (TableDefinition Table, BoundRelation Rows) BindDmlTarget(QualifiedName name, Identifier? alias, Expression? where, string statement)
    {
        var table = LookupTable(name, statement);
        if (table.AppendOnly)
        {
            throw Error(DiagnosticCodes.FeatureNotSupported, name.Span, $"{statement} on the APPEND ONLY table \"{table.Name}\"");
        }

        dependencies.Add(table.Id);
        var relation = alias?.Name ?? table.Name;
        LogicalPlan plan = new LogicalScan(table);
        var scope = Scope.FromColumns(relation, table.Columns.Select(c => (c.Name, c.Type)));
        if (where is not null)
        {
            plan = new LogicalFilter(plan, BindCondition(where, new ExpressionContext(scope, "WHERE")));
        }

        return (table, new BoundRelation(plan, scope));
    }

    private PlannedStatement BindUpdate(UpdateStatement update)
    {
        var (table, rows) = BindDmlTarget(update.Table, update.Alias, update.Where, "UPDATE");
        var newValues = table.Columns.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type)).ToArray();
        BindAssignments(update.Assignments, table, new ExpressionContext(rows.Scope, "UPDATE"), newValues);
        var old = table.Columns.Select((c, i) => (BoundExpression)new BoundColumn(i, c.Name, c.Type));
        var names = table.Columns.Select(c => c.Name).Concat(table.Columns.Select(c => c.Name + "_new")).ToImmutableArray();
        var (returning, columns) = WithReturning(WithChecks(new LogicalProject(rows.Plan, [.. old, .. newValues], names), table, table.Columns.Length),
            table, update.Alias?.Name ?? table.Name, table.Columns.Length, update.Returning);
        var plan = Optimizer.Optimize(returning);
        return new UpdatePlan(table, Lower(plan)) { Logical = plan, Returning = columns };
    }

    /// <summary>
    /// <c>SET col = value, ...</c> of an UPDATE or an ON CONFLICT DO UPDATE: each value (or the column's
    /// DEFAULT) bound in <paramref name="context"/> and converted to its column's type, into
    /// <paramref name="values"/> (the new row, one expression per column of the table).
    /// </summary>
    private void BindAssignments(ImmutableArray<Assignment> assignments, TableDefinition table, ExpressionContext context, BoundExpression[] values)
    {
        var assigned = new HashSet<int>();
        foreach (var assignment in assignments)
        {
            var index = table.IndexOf(assignment.Column.Name);
            if (index < 0)
            {
                throw Error(DiagnosticCodes.UndefinedTargetColumn, assignment.Column.Span, assignment.Column.Name, table.Name)
                    .WithHint($"table \"{table.Name}\" has columns {string.Join(", ", table.Columns.Select(c => c.Name))}");
            }

            if (!assigned.Add(index))
            {
                throw Error(DiagnosticCodes.DuplicateColumn, assignment.Column.Span, assignment.Column.Name);
            }

            var value = assignment.Value is DefaultExpression ? DefaultValue(table.Columns[index]) : Bind(assignment.Value, context);
            values[index] = AssignmentConvert(value, table.Columns[index], assignment.Value.Span);
        }
    }

    private PlannedStatement BindDelete(DeleteStatement delete)
    {
        var (table, rows) = BindDmlTarget(delete.Table, delete.Alias, delete.Where, "DELETE");
        var (returning, columns) = WithReturning(rows.Plan, table, delete.Alias?.Name ?? table.Name, 0, delete.Returning);
        var plan = Optimizer.Optimize(returning);
        return new DeletePlan(table, Lower(plan)) { Logical = plan, Returning = columns };
    }

    /// <summary>TRUNCATE: a DELETE of every row of each table (each table once, as PostgreSQL takes a repeated name).</summary>
    private PlannedStatement BindTruncate(TruncateStatement truncate)
    {
        var deletes = new List<DeletePlan>();
        foreach (var name in truncate.Tables)
        {
            var (table, rows) = BindDmlTarget(name, null, null, "TRUNCATE");
            if (deletes.All(d => d.Table.Id != table.Id))
            {
                deletes.Add(new DeletePlan(table, Lower(rows.Plan)) { Logical = rows.Plan });
            }
        }

        return new TruncatePlan([.. deletes]);
    }

    // ---- DROP, SHOW ---------------------------------------------------------------------------

    private PlannedStatement BindDrop(DropStatement drop)
    {
        var kind = ToObjectKind(drop.Kind);
        var dropped = new List<CatalogObject>();
        var notices = new List<string>();
        foreach (var name in drop.Names)
        {
            var found = catalog.Find(name.ToString());
            if (found is null || found.Kind == ObjectKind.SystemTable)
            {
                if (drop.IfExists)
                {
                    notices.Add($"{KindWord(kind)} \"{name}\" does not exist, skipping");
                    continue;
                }

                throw Error(DiagnosticCodes.UndefinedTable, name.Span, KindWord(kind), name.ToString());
            }

            if (found.Kind != kind)
            {
                throw Error(DiagnosticCodes.WrongObjectKind, name.Span, found.Name, KindWord(kind), KindWord(found.Kind))
                    .WithHint($"use DROP {KindWord(found.Kind).ToUpperInvariant()}");
            }

            var dependents = catalog.TransitiveDependentsOf(found.Id).Where(d => !dropped.Contains(d)).ToList();
            if (dependents.Count > 0 && !drop.Cascade)
            {
                var direct = catalog.DependentsOf(found.Id);
                throw Error(DiagnosticCodes.DependentObjectsExist, name.Span, KindWord(kind), found.Name,
                    string.Join(", ", direct.Select(d => $"{KindWord(d.Kind)} {d.Name}")));
            }

            dropped.AddRange(dependents);
            dropped.Add(found);
            foreach (var item in dependents.Append(found))
            {
                catalog = catalog.Without(item.Name);
            }
        }

        if (dropped.Count == 0)
        {
            return new NoOpPlan(new DropPlan(kind, []).CommandTag, string.Join("; ", notices));
        }

        return new DropPlan(kind, [.. dropped]);
    }

    private PlannedStatement BindShow(ShowStatement show)
    {
        var text = ImmutableArray.Create(new ColumnDefinition("Name", DataType.Text));
        ImmutableArray<ImmutableArray<object?>> List(ObjectKind kind) =>
            catalog.Objects.Where(o => o.Kind == kind).Select(o => ImmutableArray.Create<object?>(o.Name)).ToImmutableArray();
        switch (show.Kind)
        {
            case ShowKind.Sources:
                return new ShowPlan(ShowTarget.Sources, null, text, List(ObjectKind.Source));
            case ShowKind.Tables:
                return new ShowPlan(ShowTarget.Tables, null, text, List(ObjectKind.Table));
            case ShowKind.MaterializedViews:
                return new ShowPlan(ShowTarget.MaterializedViews, null, text, List(ObjectKind.MaterializedView));
            case ShowKind.Views:
                return new ShowPlan(ShowTarget.Views, null, text, List(ObjectKind.View));
            case ShowKind.Sinks:
                return new ShowPlan(ShowTarget.Sinks, null, text, List(ObjectKind.Sink));
            case ShowKind.Columns:
                {
                    var found = LookupRelation(show.Name!);
                    return new ShowPlan(ShowTarget.Columns, found.Name,
                        [new ColumnDefinition("Name", DataType.Text), new ColumnDefinition("Type", DataType.Text)],
                        found.Columns.Where(c => !c.Hidden).Select(c => ImmutableArray.Create<object?>(c.Name, c.Type.ToString())).ToImmutableArray());
                }

            case ShowKind.Create:
                {
                    var found = LookupRelation(show.Name!);
                    if (show.ObjectKind is { } expected && ToObjectKind(expected) != found.Kind)
                    {
                        throw Error(DiagnosticCodes.WrongObjectKind, show.Name!.Span, found.Name, KindWord(ToObjectKind(expected)), KindWord(found.Kind));
                    }

                    return new ShowPlan(ShowTarget.Create, found.Name,
                        [new ColumnDefinition("Name", DataType.Text), new ColumnDefinition("Create Sql", DataType.Text)],
                        [ImmutableArray.Create<object?>(found.Name, found.Definition)]);
                }

            case ShowKind.Subscriptions:
                return new ShowPlan(ShowTarget.Subscriptions, null,
                    [new("Id", DataType.Int64), new("Target", DataType.Text), new("Epoch", DataType.Int64)], []);
            case ShowKind.Watermarks:
                return new ShowPlan(ShowTarget.Watermarks, null,
                    [new("Source", DataType.Text), new("Watermark", DataType.Timestamp), new("Max Event Time", DataType.Timestamp), new("Late Rows", DataType.Int64)], []);
            case ShowKind.Queries:
                return new ShowPlan(ShowTarget.Queries, null, [new("Id", DataType.Int64), new("Query", DataType.Text)], []);
            case ShowKind.All:
                return new ShowPlan(ShowTarget.All, null,
                    [new("name", DataType.Text), new("setting", DataType.Text), new("description", DataType.Text)], []);
            default:
                var name = show.Name?.ToString().ToLowerInvariant() ?? "";
                return new ShowPlan(ShowTarget.Variable, name, [new(name, DataType.Text)], []);
        }
    }

    // ---- SUBSCRIBE, cursors, EXPLAIN -------------------------------------------------------------

    private PlannedStatement BindSubscribe(SubscribeStatement subscribe)
    {
        bool snapshot = true, progress = false;
        long? since = null;
        foreach (var option in subscribe.Options)
        {
            var value = OptionText(option).ToLowerInvariant();
            switch (option.Key.ToLowerInvariant())
            {
                case "snapshot" when value is "true" or "false":
                    snapshot = value == "true";
                    break;
                case "progress" when value is "true" or "false":
                    progress = value == "true";
                    break;
                case "since" when long.TryParse(value, out var epoch) && epoch >= 0:
                    since = epoch;
                    break;
                case "snapshot" or "progress":
                    throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected true or false");
                case "since":
                    throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, option.Key, "expected a non-negative epoch number");
                default:
                    throw Error(DiagnosticCodes.UnknownOption, option.Span, option.Key, "SUBSCRIBE", "snapshot, progress, since");
            }
        }

        var subscribeOptions = new SubscribeOptions(snapshot, progress, since);
        if (subscribe.Relation is { } relationName)
        {
            var found = LookupRelation(relationName);
            dependencies.Add(found.Id);
            // A materialized view is subscribed to directly (its subscribers share its dataflow); a
            // table or a plain view as the query SELECT * FROM it.
            if (found is MaterializedViewDefinition)
            {
                return new SubscribePlan(found, null, found.Columns, subscribeOptions);
            }

            if (found is SinkDefinition)
            {
                throw Error(DiagnosticCodes.WrongObjectKind, relationName.Span, found.Name, "relation", "sink");
            }

            var plan = Optimizer.Optimize(BindNamed(new NamedTableReference(relationName, null, relationName.Span)).Plan);
            ReportStateWarnings(plan, subscribe.Span);
            return new SubscribePlan(found, Lower(plan), Columns(plan), subscribeOptions) { Logical = plan };
        }

        var query = Optimizer.Optimize(Named(BindQuery(subscribe.Query!, QueryMode.Streaming)));
        ReportStateWarnings(query, subscribe.Span);
        return new SubscribePlan(null, Lower(query), Columns(query), subscribeOptions) { Logical = query };
    }

    private PlannedStatement BindFetch(FetchStatement fetch)
    {
        TimeSpan? timeout = null;
        foreach (var option in fetch.Options)
        {
            if (option.Key.ToLowerInvariant() != "timeout")
            {
                throw Error(DiagnosticCodes.UnknownOption, option.Span, option.Key, "FETCH", "timeout");
            }

            if (!IntervalText.TryParse(OptionText(option), null, out var interval) || !interval.IsFixedLength || interval.TotalMicros < 0)
            {
                throw Error(DiagnosticCodes.InvalidOptionValue, option.Span, "timeout", "expected a duration such as '1s' or '500 milliseconds'");
            }

            timeout = TimeSpan.FromMicroseconds(interval.TotalMicros);
        }

        return new FetchPlan(fetch.Cursor.Name, fetch.All ? null : fetch.Count ?? 1, timeout);
    }

    /// <summary>What a statement does, as its command tag says it without a row count (INSERT, CREATE MATERIALIZED VIEW, ...).</summary>
    private static string Verb(PlannedStatement statement) =>
        statement.CommandTag.EndsWith(" 0", StringComparison.Ordinal) ? statement.CommandTag[..^2] : statement.CommandTag;

    private PlannedStatement BindExplain(ExplainStatement explain)
    {
        // The explained statement is planned against the same catalog, but its changes are not kept.
        var inner = new Binder(catalog, options, functions);
        var result = inner.PlanStatement(explain.Statement);
        diagnostics.AddRange(result.Diagnostics.Where(d => d.IsError));
        if (!result.Succeeded)
        {
            return new ExplainPlan([]);
        }

        if (explain.Kind == ExplainKind.Analyze)
        {
            // As in PostgreSQL the statement runs; here only queries, which change nothing.
            return result.Statement is QueryPlan query ? new ExplainAnalyzePlan(query)
                : throw Error(DiagnosticCodes.FeatureNotSupported, explain.Statement.Span, $"EXPLAIN ANALYZE of {Verb(result.Statement!)}")
                    .WithHint("EXPLAIN ANALYZE runs SELECT queries; EXPLAIN shows the plan of any statement");
        }

        var lines = PlanPrinter.Explain(result.Statement!, explain.Kind == ExplainKind.Physical);
        return new ExplainPlan(lines);
    }
}
