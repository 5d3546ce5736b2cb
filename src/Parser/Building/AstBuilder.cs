using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using static StreamSql.Parser.Generated.StreamSqlParser;

namespace StreamSql.Parser.Building;

/// <summary>
/// Turns the parse tree of one statement into the immutable syntax tree. The grammar already
/// guarantees the shape; what is checked here is what the grammar cannot say (known FORMAT names,
/// one primary key, numbers in range, valid escapes). Such a finding aborts the statement with a
/// <see cref="SyntaxErrorException"/> carrying the diagnostic.
/// </summary>
internal sealed partial class AstBuilder
{
    /// <summary>
    /// How deeply expressions, query bodies and joins may nest in the built tree. Left-recursive
    /// chains (<c>a + b + c ...</c>, <c>... UNION ...</c>, <c>... JOIN ...</c>) are parsed in a loop but
    /// build a tree as deep as the chain is long; every later tree walk recurses that deep, so the
    /// parser guarantees this bound to the layers after it.
    /// </summary>
    public const int MaxTreeDepth = 2500;

    private int _depth;

    private void Descend(ParserRuleContext context)
    {
        if (++_depth > MaxTreeDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error(DiagnosticCodes.NestingTooDeep, Span(context.Start), SqlParser.MaxNestingDepth);
    }

    public Statement BuildStatement(StatementContext context) => context switch
    {
        CreateSourceContext c => CreateSource(c.createSourceStatement()),
        CreateTableContext c => CreateTable(c.createTableStatement()),
        CreateMaterializedViewContext c => CreateMaterializedView(c.createMaterializedViewStatement()),
        CreateViewContext c => CreateView(c.createViewStatement()),
        CreateSinkContext c => CreateSink(c.createSinkStatement()),
        InsertContext c => Insert(c.insertStatement()),
        UpdateContext c => Update(c.updateStatement()),
        DeleteContext c => Delete(c.deleteStatement()),
        TruncateContext c => new TruncateStatement([.. c.truncateStatement().qualifiedName().Select(QualifiedName)], Span(c.truncateStatement())),
        QueryAsStatementContext c => new QueryStatement(Query(c.query()), Span(c)),
        SubscribeContext c => Subscribe(c.subscribeStatement()),
        CopyContext c => Copy(c.copyStatement()),
        DeclareCursorContext c => DeclareCursor(c.declareCursorStatement()),
        FetchContext c => Fetch(c.fetchStatement()),
        CloseContext c => Close(c.closeStatement()),
        FlushContext c => new FlushStatement(Span(c)),
        DropContext c => Drop(c.dropStatement()),
        ShowContext c => Show(c.showStatement()),
        SetContext c => Set(c.setStatement()),
        ResetContext c => Reset(c.resetStatement()),
        DiscardContext c => Discard(c.discardStatement()),
        ExplainContext c => Explain(c.explainStatement()),
        TransactionContext c => Transaction(c.transactionStatement()),
        _ => throw Unexpected(context),
    };

    // ---- DDL ------------------------------------------------------------------------------------

    private CreateSourceStatement CreateSource(CreateSourceStatementContext c)
    {
        var elements = TableElements(c.tableElements(), QualifiedName(c.qualifiedName()).ToString());
        return new CreateSourceStatement(QualifiedName(c.qualifiedName()), c.ifNotExists() is not null,
            elements.Columns, elements.PrimaryKey, elements.Watermarks, elements.Constraints, Options(c.withOptions()?.optionList()),
            Format(c.formatClause()), Span(c));
    }

    private CreateTableStatement CreateTable(CreateTableStatementContext c)
    {
        var name = QualifiedName(c.qualifiedName());
        bool ifNotExists = c.ifNotExists() is not null;
        switch (c.tableBody())
        {
            case ColumnsTableBodyContext b:
                var elements = TableElements(b.tableElements(), name.ToString());
                return new CreateTableStatement(name, ifNotExists, elements.Columns, elements.PrimaryKey, elements.Watermarks, elements.Constraints,
                    b.appendOnly() is not null, Options(b.withOptions()?.optionList()), Format(b.formatClause()), null, Span(c));
            case QueryTableBodyContext b:
                return new CreateTableStatement(name, ifNotExists, [], null, [], [], false, [], null, Query(b.query()), Span(c));
            case var other:
                throw Unexpected(other);
        }
    }

    private CreateMaterializedViewStatement CreateMaterializedView(CreateMaterializedViewStatementContext c)
    {
        var emit = c.emitClause()?.emitMode() switch
        {
            null => EmitMode.Default,
            EmitOnWindowCloseContext => EmitMode.OnWindowClose,
            EmitOnUpdateContext => EmitMode.OnUpdate,
            var other => throw Unexpected(other),
        };
        var late = c.lateDataClause() is { } l ? QualifiedName(l.qualifiedName()) : null;
        return new CreateMaterializedViewStatement(QualifiedName(c.qualifiedName()), c.ifNotExists() is not null,
            ColumnList(c.columnList()), Options(c.withOptions()?.optionList()), Query(c.query()), emit, late, Span(c));
    }

    private CreateViewStatement CreateView(CreateViewStatementContext c) =>
        new(QualifiedName(c.qualifiedName()), c.REPLACE() is not null, c.ifNotExists() is not null,
            ColumnList(c.columnList()), Query(c.query()), Span(c));

    private CreateSinkStatement CreateSink(CreateSinkStatementContext c)
    {
        var (from, query) = c.sinkInput() switch
        {
            SinkFromRelationContext r => (QualifiedName(r.qualifiedName()), (Query?)null),
            SinkFromQueryContext q => ((QualifiedName?)null, Query(q.query())),
            var other => throw Unexpected(other),
        };
        return new CreateSinkStatement(QualifiedName(c.qualifiedName()), c.ifNotExists() is not null, from, query,
            Options(c.withOptions()?.optionList()), Format(c.formatClause()), Span(c));
    }

    private (ImmutableArray<ColumnDefinition> Columns, PrimaryKeyConstraint? PrimaryKey, ImmutableArray<WatermarkDefinition> Watermarks, ImmutableArray<TableConstraint> Constraints)
        TableElements(TableElementsContext? context, string table)
    {
        if (context is null)
            return ([], null, [], []);
        var columns = ImmutableArray.CreateBuilder<ColumnDefinition>();
        var watermarks = ImmutableArray.CreateBuilder<WatermarkDefinition>();
        var constraints = ImmutableArray.CreateBuilder<TableConstraint>();
        PrimaryKeyConstraint? primaryKey = null;
        ParserRuleContext? firstPrimaryKey = null;
        foreach (var element in context.tableElement())
        {
            switch (element)
            {
                case ColumnElementContext c:
                    bool notNull = false, columnKey = false;
                    Expression? defaultValue = null;
                    var column = Identifier(c.identifier());
                    // CONSTRAINT name names the constraint that follows it; its span starts at CONSTRAINT.
                    Identifier? constraintName = null;
                    ParserRuleContext? constraintStart = null;
                    foreach (var constraint in c.columnConstraint())
                    {
                        var start = constraintStart ?? constraint;
                        switch (constraint)
                        {
                            case NotNullConstraintContext:
                                notNull = true;
                                break;
                            case NullConstraintContext:
                                break;
                            case PrimaryKeyConstraintContext:
                                if (firstPrimaryKey is not null)
                                    throw Error(DiagnosticCodes.MultiplePrimaryKeys, Span(constraint));
                                firstPrimaryKey = constraint;
                                columnKey = true;
                                break;
                            case DefaultConstraintContext d:
                                if (defaultValue is not null)
                                    throw Error(DiagnosticCodes.MultipleDefaults, Span(d), column.Name, table);
                                defaultValue = Value(d.valueExpr());
                                break;
                            case CheckConstraintContext k:
                                constraints.Add(new CheckConstraint(constraintName, Expr(k.expr()), Span(start, constraint)));
                                break;
                            case UniqueConstraintContext:
                                constraints.Add(new UniqueConstraint(constraintName, [column], Span(start, constraint)));
                                break;
                            case ConstraintNameContext n:
                                if (constraintName is not null)
                                    throw Error(DiagnosticCodes.SyntaxError, Span(n), "syntax error at or near \"CONSTRAINT\"");
                                constraintName = Identifier(n.identifier());
                                constraintStart = n;
                                continue;
                        }
                        constraintName = null;
                        constraintStart = null;
                    }
                    if (constraintStart is not null)
                        throw Error(DiagnosticCodes.SyntaxError, Span(constraintStart), "CONSTRAINT name without a constraint after it");
                    columns.Add(new ColumnDefinition(column, TypeName(c.typeName()), notNull, columnKey, defaultValue, Span(c)));
                    break;
                case PrimaryKeyElementContext c:
                    if (firstPrimaryKey is not null)
                        throw Error(DiagnosticCodes.MultiplePrimaryKeys, Span(c));
                    firstPrimaryKey = c;
                    primaryKey = new PrimaryKeyConstraint(ColumnList(c.columnList()), Span(c));
                    break;
                case CheckElementContext c:
                    constraints.Add(new CheckConstraint(c.identifier() is { } checkName ? Identifier(checkName) : null, Expr(c.expr()), Span(c)));
                    break;
                case UniqueElementContext c:
                    constraints.Add(new UniqueConstraint(c.identifier() is { } uniqueName ? Identifier(uniqueName) : null, ColumnList(c.columnList()), Span(c)));
                    break;
                case WatermarkElementContext c:
                    watermarks.Add(new WatermarkDefinition(Identifier(c.identifier()), Expr(c.expr()), Span(c)));
                    break;
                default:
                    throw Unexpected(element);
            }
        }
        return (columns.ToImmutable(), primaryKey, watermarks.ToImmutable(), constraints.ToImmutable());
    }

    private ImmutableArray<WithOption> Options(OptionListContext? context)
    {
        if (context is null)
            return [];
        var options = ImmutableArray.CreateBuilder<WithOption>();
        foreach (var option in context.option())
        {
            string key = option.optionKey() switch
            {
                WordOptionKeyContext w => string.Join(".", w.anyIdentifier().Select(a => IdentifierToken(a.Start, Span(a)).Name)),
                StringOptionKeyContext s => Unquote(s.STRING().Symbol.Text),
                var other => throw Unexpected(other),
            };
            options.Add(new WithOption(key, option.expr() is { } e ? Expr(e) : null, Span(option)));
        }
        return options.ToImmutable();
    }

    private FormatClause? Format(FormatClauseContext? context)
    {
        if (context is null)
            return null;
        var name = Identifier(context.identifier());
        var format = name.Name.ToLowerInvariant() switch
        {
            "json" => DataFormat.Json,
            "csv" => DataFormat.Csv,
            "text" => DataFormat.Text,
            _ => throw Error(DiagnosticCodes.UnknownFormat, name.Span, name.Name),
        };
        return new FormatClause(format, Options(context.optionList()), Span(context));
    }

    // ---- DML ------------------------------------------------------------------------------------

    private InsertStatement Insert(InsertStatementContext c) =>
        new(QualifiedName(c.qualifiedName()), c.identifier() is { } alias ? Identifier(alias) : null, ColumnList(c.columnList()),
            c.query() is { } query ? Query(query) : null, c.onConflictClause() is { } conflict ? OnConflict(conflict) : null,
            Returning(c.returningClause()), Span(c));

    private OnConflict OnConflict(OnConflictClauseContext c)
    {
        var target = c.conflictTarget();
        bool onConstraint = target?.CONSTRAINT() is not null;
        return new(
            target is null || onConstraint ? [] : [.. target.identifier().Select(Identifier)],
            onConstraint ? Identifier(target!.identifier(0)) : null,
            c.UPDATE() is not null,
            [.. c.assignment().Select(a => new Assignment(Identifier(a.identifier()), Expr(a.expr()), Span(a)))],
            c.expr() is { } where ? Expr(where) : null,
            Span(c));
    }

    private UpdateStatement Update(UpdateStatementContext c) =>
        new(QualifiedName(c.qualifiedName()),
            c.bareIdentifier() is { } alias ? IdentifierToken(alias.Start, Span(alias)) : null,
            [.. c.assignment().Select(a => new Assignment(Identifier(a.identifier()), Expr(a.expr()), Span(a)))],
            c.expr() is { } where ? Expr(where) : null,
            Returning(c.returningClause()),
            Span(c));

    private DeleteStatement Delete(DeleteStatementContext c) =>
        new(QualifiedName(c.qualifiedName()),
            c.bareIdentifier() is { } alias ? IdentifierToken(alias.Start, Span(alias)) : null,
            c.expr() is { } where ? Expr(where) : null,
            Returning(c.returningClause()),
            Span(c));

    private ImmutableArray<SelectItem> Returning(ReturningClauseContext? c) =>
        c is null ? [] : [.. c.selectItem().Select(SelectItem)];

    // ---- streaming, cursors, session -------------------------------------------------------------

    private SubscribeStatement Subscribe(SubscribeStatementContext c)
    {
        var options = Options(c.withOptions()?.optionList());
        return c.subscribeTarget() switch
        {
            SubscribeRelationContext r => new SubscribeStatement(QualifiedName(r.qualifiedName()), null, options, Span(c)),
            SubscribeQueryContext q => new SubscribeStatement(null, Query(q.query()), options, Span(c)),
            var other => throw Unexpected(other),
        };
    }

    private CopyStatement Copy(CopyStatementContext c)
    {
        var direction = c.direction.Type == TO ? CopyDirection.To : CopyDirection.From;
        var target = CopyTarget(c.copyTarget());
        var options = c.copyOptions() switch
        {
            null => [],
            CopyOptionListContext list => Options(list.optionList()),
            LegacyCopyOptionsContext legacy => [.. legacy.legacyCopyOption().Select(LegacyCopyOption)],
            var other => throw Unexpected(other),
        };
        var source = c.copySource();
        if (source is not CopyTableContext && direction == CopyDirection.From)
            throw Error(DiagnosticCodes.SyntaxError, Span(c.direction), "expected TO after COPY (...): a query or subscription can only be copied out");
        return source switch
        {
            CopySubscribeContext s => new CopyStatement(null, [], Subscribe(s.subscribeStatement()), direction, target, options, Span(c)),
            CopyQueryContext q => new CopyStatement(null, [], new QueryStatement(Query(q.query()), Span(q.query())), direction, target, options, Span(c)),
            CopyTableContext t => new CopyStatement(QualifiedName(t.qualifiedName()), ColumnList(t.columnList()), null, direction, target, options, Span(c)),
            _ => throw Unexpected(source),
        };
    }

    /// <summary>A pre-9.0 COPY option as its list form: <c>CSV</c> is <c>format 'csv'</c>, <c>BINARY</c> <c>format 'binary'</c>, <c>NULL AS 'x'</c> <c>null 'x'</c>.</summary>
    private WithOption LegacyCopyOption(LegacyCopyOptionContext c)
    {
        var word = c.anyIdentifier();
        var key = IdentifierToken(word.Start, Span(word)).Name.ToLowerInvariant();
        var span = Span(c);
        if (c.STRING() is { } value)
            return new WithOption(key, new LiteralExpression(LiteralKind.String, Unquote(value.Symbol.Text), Span(value.Symbol)), span);
        return key is "csv" or "binary"
            ? new WithOption("format", new LiteralExpression(LiteralKind.String, key, Span(word)), span)
            : new WithOption(key, null, span);
    }

    /// <summary>STDIN / STDOUT (lower case), a file name, or "program" for <c>PROGRAM 'command'</c>.</summary>
    private string CopyTarget(CopyTargetContext c) =>
        c.identifier() is { } word ? Identifier(word).Name.ToLowerInvariant() : Unquote(c.STRING().Symbol.Text);

    private DeclareCursorStatement DeclareCursor(DeclareCursorStatementContext c)
    {
        Statement source = c.cursorSource() switch
        {
            SubscribeCursorSourceContext s => Subscribe(s.subscribeStatement()),
            QueryCursorSourceContext q => new QueryStatement(Query(q.query()), Span(q)),
            var other => throw Unexpected(other),
        };
        foreach (var option in c._cursorOptions)
        {
            var word = Identifier(option).Name.ToLowerInvariant();
            if (word == "binary")
                throw Error(DiagnosticCodes.FeatureNotSupported, Span(option), "BINARY cursors");
            if (word is not ("no" or "scroll" or "insensitive" or "asensitive"))
                throw Error(DiagnosticCodes.SyntaxError, Span(option), $"expected CURSOR, NO SCROLL, SCROLL, INSENSITIVE or ASENSITIVE, found '{option.GetText()}'");
        }

        // Cursors read forward and live until CLOSE or the session's end, so NO SCROLL and WITH HOLD
        // change nothing (a SCROLL cursor still fetches forward only).
        if (c.hold is { } hold && !Identifier(hold).Name.Equals("hold", StringComparison.OrdinalIgnoreCase))
            throw Error(DiagnosticCodes.SyntaxError, Span(hold), $"expected HOLD, found '{hold.GetText()}'");
        return new DeclareCursorStatement(Identifier(c.name), source, Span(c));
    }

    private FetchStatement Fetch(FetchStatementContext c)
    {
        long? count = null;
        if (c.INTEGER_VALUE() is { } number)
        {
            if (!long.TryParse(number.Symbol.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
                throw Error(DiagnosticCodes.NumberOutOfRange, Span(number.Symbol), number.Symbol.Text, "FETCH count");
            count = parsed;
        }
        return new FetchStatement(Identifier(c.identifier()), count, c.ALL() is not null, Options(c.withOptions()?.optionList()), Span(c));
    }

    private CloseStatement Close(CloseStatementContext context) => context switch
    {
        CloseCursorContext c => new CloseStatement(Identifier(c.identifier()), Span(c)),
        CloseAllContext c => new CloseStatement(null, Span(c)),
        _ => throw Unexpected(context),
    };

    private DropStatement Drop(DropStatementContext c) =>
        new(ObjectKind(c.objectKind()), c.ifExists() is not null, [.. c.qualifiedName().Select(QualifiedName)], c.CASCADE() is not null, Span(c));

    private static ObjectKind ObjectKind(ObjectKindContext context) => context switch
    {
        SourceKindContext => Syntax.ObjectKind.Source,
        TableKindContext => Syntax.ObjectKind.Table,
        MaterializedViewKindContext => Syntax.ObjectKind.MaterializedView,
        ViewKindContext => Syntax.ObjectKind.View,
        SinkKindContext => Syntax.ObjectKind.Sink,
        _ => throw Unexpected(context),
    };

    private ShowStatement Show(ShowStatementContext statement)
    {
        var span = Span(statement);
        var context = statement.showTarget();
        return context switch
        {
            ShowSourcesContext => new ShowStatement(ShowKind.Sources, null, null, span),
            ShowTablesContext => new ShowStatement(ShowKind.Tables, null, null, span),
            ShowMaterializedViewsContext => new ShowStatement(ShowKind.MaterializedViews, null, null, span),
            ShowViewsContext => new ShowStatement(ShowKind.Views, null, null, span),
            ShowSinksContext => new ShowStatement(ShowKind.Sinks, null, null, span),
            ShowSubscriptionsContext => new ShowStatement(ShowKind.Subscriptions, null, null, span),
            ShowWatermarksContext => new ShowStatement(ShowKind.Watermarks, null, null, span),
            ShowQueriesContext => new ShowStatement(ShowKind.Queries, null, null, span),
            ShowCreateContext c => new ShowStatement(ShowKind.Create, ObjectKind(c.objectKind()), QualifiedName(c.qualifiedName()), span),
            ShowColumnsContext c => new ShowStatement(ShowKind.Columns, null, QualifiedName(c.qualifiedName()), span),
            ShowAllContext => new ShowStatement(ShowKind.All, null, null, span),
            ShowTimeZoneContext c => new ShowStatement(ShowKind.Variable, null, SyntheticName("timezone", Span(c.TIME().Symbol, c.ZONE().Symbol)), span),
            ShowTransactionIsolationContext c => new ShowStatement(ShowKind.Variable, null,
                SyntheticName("transaction_isolation", Span(c.TRANSACTION().Symbol, c.LEVEL().Symbol)), span),
            ShowVariableContext c => new ShowStatement(ShowKind.Variable, null, QualifiedName(c.qualifiedName()), span),
            _ => throw Unexpected(context),
        };
    }

    private SetStatement Set(SetStatementContext statement)
    {
        bool local = statement.scope?.Type == LOCAL;
        var span = Span(statement);
        switch (statement.setAssignment())
        {
            case SetTimeZoneContext c:
                var name = SyntheticName("timezone", Span(c.TIME().Symbol, c.ZONE().Symbol));
                if (c.DEFAULT() is not null)
                    return new SetStatement(name, [], true, local, span);
                if (c.setValue() is { } value)
                    return new SetStatement(name, [SetValue(value)], false, local, span);
                var localWord = c.LOCAL().Symbol;
                return new SetStatement(name, [new ColumnReferenceExpression([new Identifier("local", false, Span(localWord))], Span(localWord))], false, local, span);
            case SetDefaultContext c:
                return new SetStatement(QualifiedName(c.qualifiedName()), [], true, local, span);
            case SetValuesContext c:
                return new SetStatement(QualifiedName(c.qualifiedName()), [.. c.setValue().Select(SetValue)], false, local, span);
            case var other:
                throw Unexpected(other);
        }
    }

    private Expression SetValue(SetValueContext context) => context switch
    {
        NumberSetValueContext c => SignedNumber(c.signedNumber()),
        StringSetValueContext c => new LiteralExpression(LiteralKind.String, Unquote(c.STRING().Symbol.Text), Span(c)),
        TrueSetValueContext c => new LiteralExpression(LiteralKind.Boolean, "true", Span(c)),
        FalseSetValueContext c => new LiteralExpression(LiteralKind.Boolean, "false", Span(c)),
        WordSetValueContext c => new ColumnReferenceExpression([IdentifierToken(c.Start, Span(c))], Span(c)),
        _ => throw Unexpected(context),
    };

    private ResetStatement Reset(ResetStatementContext context) => context switch
    {
        ResetAllContext c => new ResetStatement(null, Span(c)),
        ResetVariableContext c => new ResetStatement(QualifiedName(c.qualifiedName()), Span(c)),
        _ => throw Unexpected(context),
    };

    private DiscardStatement Discard(DiscardStatementContext context) => context switch
    {
        DiscardAllContext c => new DiscardStatement("all", Span(c)),
        DiscardOtherContext c => Identifier(c.identifier()) is { IsQuoted: false, Name: "plans" or "sequences" or "temp" or "temporary" } target
            ? new DiscardStatement(target.Name == "temporary" ? "temp" : target.Name, Span(c))
            : throw Error(DiagnosticCodes.SyntaxError, Span(c.identifier()), "expected ALL, PLANS, SEQUENCES or TEMP after DISCARD"),
        _ => throw Unexpected(context),
    };

    private ExplainStatement Explain(ExplainStatementContext c)
    {
        var kind = c.LOGICAL() is not null ? ExplainKind.Logical : c.PHYSICAL() is not null ? ExplainKind.Physical : c.ANALYZE() is not null ? ExplainKind.Analyze : ExplainKind.Default;
        return new ExplainStatement(kind, BuildStatement(c.statement()), Span(c));
    }

    private TransactionStatement Transaction(TransactionStatementContext context)
    {
        var (kind, modes) = context switch
        {
            BeginTransactionContext c => (TransactionKind.Begin, c.transactionModes()),
            StartTransactionContext c => (TransactionKind.Begin, c.transactionModes()),
            CommitTransactionContext or EndTransactionContext => (TransactionKind.Commit, null),
            RollbackTransactionContext or AbortTransactionContext => (TransactionKind.Rollback, (TransactionModesContext?)null),
            _ => throw Unexpected(context),
        };
        var words = modes is null
            ? ImmutableArray<string>.Empty
            : [.. modes.transactionMode().Select(m => string.Join(" ", Terminals(m).Select(t => t.Text.ToLowerInvariant())))];
        return new TransactionStatement(kind, words, Span(context));
    }

    // ---- names ----------------------------------------------------------------------------------

    private ImmutableArray<Identifier> ColumnList(ColumnListContext? context) =>
        context is null ? [] : [.. context.identifier().Select(Identifier)];

    private Identifier Identifier(IdentifierContext context) => IdentifierToken(context.Start, Span(context));

    private QualifiedName QualifiedName(QualifiedNameContext context)
    {
        var parts = ImmutableArray.CreateBuilder<Identifier>();
        parts.Add(Identifier(context.identifier()));
        foreach (var part in context.anyIdentifier())
            parts.Add(IdentifierToken(part.Start, Span(part)));
        return new QualifiedName(parts.ToImmutable(), Span(context));
    }

    private static QualifiedName SyntheticName(string name, TextSpan span) =>
        new([new Identifier(name, false, span)], span);

    /// <summary>Normalizes one identifier token: quoted keeps case (doubled quotes undone), anything else folds to lower case.</summary>
    private static Identifier IdentifierToken(IToken token, TextSpan span)
    {
        string text = token.Text;
        if (token.Type == QUOTED_IDENTIFIER)
        {
            if (text.Length <= 2)
                throw Error(DiagnosticCodes.EmptyQuotedIdentifier, span);
            return new Identifier(text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal), true, span);
        }
        return new Identifier(text.ToLowerInvariant(), false, span);
    }

    // ---- spans and helpers ----------------------------------------------------------------------

    internal static TextSpan Span(ParserRuleContext context)
    {
        var start = context.Start;
        var stop = context.Stop;
        if (start is null)
            return default;
        if (stop is null || stop.StopIndex < start.StartIndex)
            return new TextSpan(start.StartIndex, 0);
        return TextSpan.FromBounds(start.StartIndex, stop.StopIndex + 1);
    }

    internal static TextSpan Span(IToken token) => TextSpan.FromBounds(token.StartIndex, token.StopIndex + 1);

    private static TextSpan Span(IToken first, IToken last) => TextSpan.FromBounds(first.StartIndex, last.StopIndex + 1);

    private static TextSpan Span(ParserRuleContext first, ParserRuleContext last) => Span(first).Cover(Span(last));

    private static IEnumerable<IToken> Terminals(IParseTree tree)
    {
        if (tree is ITerminalNode terminal)
        {
            yield return terminal.Symbol;
            yield break;
        }
        for (int i = 0; i < tree.ChildCount; i++)
            foreach (var token in Terminals(tree.GetChild(i)))
                yield return token;
    }

    internal static string Unquote(string text) => text[1..^1].Replace("''", "'", StringComparison.Ordinal);

    private static SyntaxErrorException Error(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        new(Diagnostic.Create(descriptor, span, args));

    private static InvalidOperationException Unexpected(IParseTree tree) =>
        new($"unexpected parse tree node {tree.GetType().Name}: the builder is out of date with the grammar");
}
