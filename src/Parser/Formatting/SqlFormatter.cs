using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using StreamSql.Parser.Syntax;

namespace StreamSql.Parser.Formatting;

/// <summary>
/// Writes a syntax tree back as SQL text on one line, keywords in upper case. What must stay true:
/// parsing the output gives the same tree as the input (ignoring spans). To keep that simple,
/// every operand that is not atomic is parenthesized, aliases are always written with AS, and
/// names are written as they were (quoted when they were quoted).
/// </summary>
public sealed partial class SqlFormatter
{
    private readonly StringBuilder _out = new();

    private SqlFormatter()
    {
    }

    /// <summary>Formats a statement, query, expression or any other node.</summary>
    public static string Format(SyntaxNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var formatter = new SqlFormatter();
        formatter.Node(node);
        return formatter._out.ToString();
    }

    private void Node(SyntaxNode node)
    {
        switch (node)
        {
            case Statement s: Statement(s); break;
            case Query q: Query(q); break;
            case QueryBody b: Body(b); break;
            case Expression e: Expr(e); break;
            case TableReference t: Table(t); break;
            case SelectItem i: SelectItem(i); break;
            case TypeName t: Type(t); break;
            case Identifier i: Name(i); break;
            case QualifiedName n: Name(n); break;
            case OrderByItem o: OrderItem(o); break;
            case WindowSpecification w: W("("); Window(w); W(")"); break;
            case ColumnDefinition c: Column(c); break;
            case WithOption o: Option(o); break;
            case FormatClause f: Format(f); break;
            default: W($"/* {node.GetType().Name} */"); break;
        }
    }

    // ---- statements -------------------------------------------------------------------------------

    private void Statement(Statement statement)
    {
        switch (statement)
        {
            case CreateSourceStatement s:
                W("CREATE SOURCE "); IfNotExists(s.IfNotExists); Name(s.Name);
                if (!s.Columns.IsEmpty || s.PrimaryKey is not null || !s.Watermarks.IsEmpty || !s.Constraints.IsEmpty)
                    TableElements(s.Columns, s.PrimaryKey, s.Watermarks, s.Constraints);
                Options(s.Options); Format(s.Format);
                break;
            case CreateTableStatement s:
                W("CREATE TABLE "); IfNotExists(s.IfNotExists); Name(s.Name);
                if (s.AsQuery is not null)
                {
                    W(" AS "); Query(s.AsQuery);
                    break;
                }
                TableElements(s.Columns, s.PrimaryKey, s.Watermarks, s.Constraints);
                if (s.AppendOnly) W(" APPEND ONLY");
                Options(s.Options); Format(s.Format);
                break;
            case CreateMaterializedViewStatement s:
                W("CREATE MATERIALIZED VIEW "); IfNotExists(s.IfNotExists); Name(s.Name); ColumnList(s.Columns);
                Options(s.Options);
                W(" AS "); Query(s.Query);
                if (s.Emit == EmitMode.OnWindowClose) W(" EMIT ON WINDOW CLOSE");
                else if (s.Emit == EmitMode.OnUpdate) W(" EMIT ON UPDATE");
                if (s.LateDataTo is not null) { W(" LATE DATA TO "); Name(s.LateDataTo); }
                break;
            case CreateViewStatement s:
                W(s.OrReplace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW "); IfNotExists(s.IfNotExists); Name(s.Name); ColumnList(s.Columns);
                W(" AS "); Query(s.Query);
                break;
            case CreateSinkStatement s:
                W("CREATE SINK "); IfNotExists(s.IfNotExists); Name(s.Name);
                if (s.From is not null) { W(" FROM "); Name(s.From); }
                if (s.Query is not null) { W(" AS "); Query(s.Query); }
                Options(s.Options); Format(s.Format);
                break;
            case InsertStatement s:
                W("INSERT INTO "); Name(s.Table);
                if (s.Alias is not null) { W(" AS "); Name(s.Alias); }
                ColumnList(s.Columns);
                if (s.Source is null) W(" DEFAULT VALUES"); else { W(" "); Query(s.Source); }
                if (s.Conflict is { } c)
                {
                    W(" ON CONFLICT");
                    if (!c.Columns.IsEmpty) { W(" ("); List(c.Columns, Name); W(")"); }
                    if (c.Constraint is not null) { W(" ON CONSTRAINT "); Name(c.Constraint); }
                    if (!c.DoUpdate) W(" DO NOTHING");
                    else
                    {
                        W(" DO UPDATE SET ");
                        List(c.Assignments, a => { Name(a.Column); W(" = "); Expr(a.Value); });
                        if (c.Where is not null) { W(" WHERE "); Expr(c.Where); }
                    }
                }
                Returning(s.Returning);
                break;
            case UpdateStatement s:
                W("UPDATE "); Name(s.Table);
                if (s.Alias is not null) { W(" AS "); Name(s.Alias); }
                W(" SET ");
                List(s.Assignments, a => { Name(a.Column); W(" = "); Expr(a.Value); });
                if (s.Where is not null) { W(" WHERE "); Expr(s.Where); }
                Returning(s.Returning);
                break;
            case DeleteStatement s:
                W("DELETE FROM "); Name(s.Table);
                if (s.Alias is not null) { W(" AS "); Name(s.Alias); }
                if (s.Where is not null) { W(" WHERE "); Expr(s.Where); }
                Returning(s.Returning);
                break;
            case TruncateStatement s:
                W("TRUNCATE TABLE "); List(s.Tables, Name);
                break;
            case QueryStatement s:
                Query(s.Query);
                break;
            case SubscribeStatement s:
                W("SUBSCRIBE ");
                if (s.Relation is not null) Name(s.Relation);
                if (s.Query is not null) { W("("); Query(s.Query); W(")"); }
                Options(s.Options);
                break;
            case CopyStatement s:
                W("COPY ");
                if (s.Table is not null) { Name(s.Table); ColumnList(s.Columns); }
                if (s.Source is not null) { W("("); Statement(s.Source); W(")"); }
                W(s.Direction == CopyDirection.To ? " TO " : " FROM ");
                W(s.Target is "stdout" or "stdin" ? s.Target.ToUpperInvariant() : Quote(s.Target));
                if (!s.Options.IsEmpty) { W(" WITH ("); List(s.Options, Option); W(")"); }
                break;
            case DeclareCursorStatement s:
                W("DECLARE "); Name(s.Name); W(" CURSOR FOR "); Statement(s.Source);
                break;
            case FetchStatement s:
                W("FETCH ");
                if (s.All) W("ALL ");
                else if (s.Count is { } count) W(count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ");
                Name(s.Cursor); Options(s.Options);
                break;
            case CloseStatement s:
                W("CLOSE ");
                if (s.Cursor is null) W("ALL"); else Name(s.Cursor);
                break;
            case FlushStatement:
                W("FLUSH");
                break;
            case DropStatement s:
                W("DROP "); W(ObjectKindText(s.Kind)); W(" ");
                if (s.IfExists) W("IF EXISTS ");
                List(s.Names, Name);
                if (s.Cascade) W(" CASCADE");
                break;
            case ShowStatement s:
                Show(s);
                break;
            case SetStatement s:
                W(s.Local ? "SET LOCAL " : "SET "); Name(s.Name); W(" = ");
                if (s.IsDefault) W("DEFAULT"); else List(s.Values, Expr);
                break;
            case ResetStatement s:
                W("RESET ");
                if (s.Name is null) W("ALL"); else Name(s.Name);
                break;
            case DiscardStatement s:
                W("DISCARD "); W(s.Target.ToUpperInvariant());
                break;
            case ExplainStatement s:
                W(s.Kind switch { ExplainKind.Logical => "EXPLAIN LOGICAL ", ExplainKind.Physical => "EXPLAIN PHYSICAL ", ExplainKind.Analyze => "EXPLAIN ANALYZE ", _ => "EXPLAIN " });
                Statement(s.Statement);
                break;
            case TransactionStatement s:
                W(s.Kind switch { TransactionKind.Begin => "BEGIN", TransactionKind.Commit => "COMMIT", _ => "ROLLBACK" });
                for (int i = 0; i < s.Modes.Length; i++)
                    W((i == 0 ? " " : ", ") + s.Modes[i].ToUpperInvariant());
                break;
            default:
                throw new ArgumentException($"no SQL form for {statement.GetType().Name}", nameof(statement));
        }
    }

    private void Show(ShowStatement s)
    {
        W("SHOW ");
        switch (s.Kind)
        {
            case ShowKind.Create:
                W("CREATE "); W(ObjectKindText(s.ObjectKind ?? ObjectKind.Table)); W(" "); Name(s.Name!);
                break;
            case ShowKind.Columns:
                W("COLUMNS FROM "); Name(s.Name!);
                break;
            case ShowKind.Variable:
                Name(s.Name!);
                break;
            case ShowKind.MaterializedViews:
                W("MATERIALIZED VIEWS");
                break;
            default:
                W(s.Kind.ToString().ToUpperInvariant());
                break;
        }
    }

    private static string ObjectKindText(ObjectKind kind) => kind switch
    {
        ObjectKind.MaterializedView => "MATERIALIZED VIEW",
        _ => kind.ToString().ToUpperInvariant(),
    };

    private void IfNotExists(bool ifNotExists)
    {
        if (ifNotExists) W("IF NOT EXISTS ");
    }

    private void TableElements(ImmutableArray<ColumnDefinition> columns, PrimaryKeyConstraint? primaryKey, ImmutableArray<WatermarkDefinition> watermarks, ImmutableArray<TableConstraint> constraints)
    {
        W(" (");
        bool first = true;
        foreach (var column in columns)
        {
            Separator(ref first);
            Column(column);
        }
        if (primaryKey is not null)
        {
            Separator(ref first);
            W("PRIMARY KEY"); ColumnList(primaryKey.Columns);
        }
        // Column constraints are written as table constraints: they mean the same.
        foreach (var constraint in constraints)
        {
            Separator(ref first);
            if (constraint.Name is not null) { W("CONSTRAINT "); Name(constraint.Name); W(" "); }
            switch (constraint)
            {
                case CheckConstraint c: W("CHECK ("); Expr(c.Condition); W(")"); break;
                case UniqueConstraint u: W("UNIQUE"); ColumnList(u.Columns); break;
            }
        }
        foreach (var watermark in watermarks)
        {
            Separator(ref first);
            W("WATERMARK FOR "); Name(watermark.Column); W(" AS "); Expr(watermark.Expression);
        }
        W(")");
    }

    private void Column(ColumnDefinition column)
    {
        Name(column.Name); W(" "); Type(column.Type);
        if (column.NotNull) W(" NOT NULL");
        if (column.PrimaryKey) W(" PRIMARY KEY");
        if (column.Default is not null) { W(" DEFAULT "); Operand(column.Default); }
    }

    private void Options(ImmutableArray<WithOption> options)
    {
        if (options.IsEmpty)
            return;
        W(" WITH (");
        List(options, Option);
        W(")");
    }

    private void Option(WithOption option)
    {
        W(OptionKeyPattern().IsMatch(option.Key) ? option.Key : Quote(option.Key));
        if (option.Value is not null) { W(" = "); Expr(option.Value); }
    }

    private void Format(FormatClause? format)
    {
        if (format is null)
            return;
        W(" FORMAT "); W(format.Format.ToString().ToUpperInvariant());
        if (!format.Options.IsEmpty) { W(" ("); List(format.Options, Option); W(")"); }
    }

    // ---- queries ----------------------------------------------------------------------------------

    private void Query(Query query)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (query.With is { } with)
        {
            W(with.Recursive ? "WITH RECURSIVE " : "WITH ");
            List(with.Tables, t => { Name(t.Name); ColumnList(t.Columns); W(" AS ("); Query(t.Query); W(")"); });
            W(" ");
        }
        Body(query.Body);
        if (!query.OrderBy.IsEmpty) { W(" ORDER BY "); List(query.OrderBy, OrderItem); }
        if (query.Limit is not null) { W(" LIMIT "); Expr(query.Limit); }
        if (query.Offset is not null) { W(" OFFSET "); Expr(query.Offset); }
    }

    private void Body(QueryBody body)
    {
        switch (body)
        {
            case SelectBody s:
                Select(s);
                break;
            case ValuesBody v:
                W("VALUES ");
                List(v.Rows, row => { W("("); List(row, Expr); W(")"); });
                break;
            case SetOperationBody s:
                Body(s.Left);
                W(s.Operator switch { SetOperator.Union => " UNION ", SetOperator.Intersect => " INTERSECT ", _ => " EXCEPT " });
                if (s.All) W("ALL ");
                Body(s.Right);
                break;
            case NestedQueryBody n:
                W("("); Query(n.Query); W(")");
                break;
        }
    }

    private void Select(SelectBody s)
    {
        W("SELECT ");
        if (!s.DistinctOn.IsEmpty) { W("DISTINCT ON ("); List(s.DistinctOn, Expr); W(") "); }
        else if (s.Distinct) W("DISTINCT ");
        List(s.Items, SelectItem);
        if (!s.From.IsEmpty) { W(" FROM "); List(s.From, Table); }
        if (s.Where is not null) { W(" WHERE "); Expr(s.Where); }
        if (!s.GroupBy.IsEmpty) { W(" GROUP BY "); List(s.GroupBy, Expr); }
        if (s.Having is not null) { W(" HAVING "); Expr(s.Having); }
        if (!s.Windows.IsEmpty)
        {
            W(" WINDOW ");
            List(s.Windows, w => { Name(w.Name); W(" AS ("); Window(w.Specification); W(")"); });
        }
    }

    private void Returning(ImmutableArray<SelectItem> items)
    {
        if (items.IsEmpty)
            return;
        W(" RETURNING ");
        List(items, SelectItem);
    }

    private void SelectItem(SelectItem item)
    {
        switch (item)
        {
            case StarSelectItem { Qualifier: null }:
                W("*");
                break;
            case StarSelectItem s:
                Name(s.Qualifier!); W(".*");
                break;
            case ExpressionSelectItem e:
                Expr(e.Expression);
                if (e.Alias is not null) { W(" AS "); Name(e.Alias); }
                break;
        }
    }

    private void Table(TableReference table)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (table)
        {
            case NamedTableReference t:
                Name(t.Name); Alias(t.Alias);
                break;
            case SubqueryTableReference t:
                if (t.Lateral) W("LATERAL ");
                W("("); Query(t.Query); W(")"); Alias(t.Alias);
                break;
            case FunctionTableReference t:
                if (t.Lateral) W("LATERAL ");
                Expr(t.Function);
                if (t.WithOrdinality) W(" WITH ORDINALITY");
                Alias(t.Alias);
                break;
            case WindowTableReference t:
                W(t.Kind.ToString().ToUpperInvariant()); W("(");
                switch (t.Input)
                {
                    case NamedTableReference named: Name(named.Name); break;
                    case SubqueryTableReference sub: W("("); Query(sub.Query); W(")"); break;
                    default: Table(t.Input); break;
                }
                W(", "); Expr(t.TimeColumn);
                foreach (var argument in t.Arguments) { W(", "); Expr(argument); }
                W(")"); Alias(t.Alias);
                break;
            case JoinTableReference j:
                Table(j.Left);
                if (j.Natural) W(" NATURAL");
                W(j.Kind switch
                {
                    JoinKind.Cross => " CROSS JOIN ",
                    JoinKind.Left => " LEFT JOIN ",
                    JoinKind.Right => " RIGHT JOIN ",
                    JoinKind.Full => " FULL JOIN ",
                    _ => " JOIN ",
                });
                if (j.Right is JoinTableReference) { W("("); Table(j.Right); W(")"); }
                else Table(j.Right);
                if (j.Condition is not null) { W(" ON "); Expr(j.Condition); }
                else if (!j.Using.IsEmpty) { W(" USING"); ColumnList(j.Using); }
                break;
        }
    }

    private void Alias(TableAlias? alias)
    {
        if (alias is null)
            return;
        W(" AS "); Name(alias.Name); ColumnList(alias.Columns);
    }

    private void OrderItem(OrderByItem item)
    {
        Expr(item.Expression);
        if (item.Direction == SortDirection.Ascending) W(" ASC");
        else if (item.Direction == SortDirection.Descending) W(" DESC");
        if (item.Nulls == NullsOrder.First) W(" NULLS FIRST");
        else if (item.Nulls == NullsOrder.Last) W(" NULLS LAST");
    }

    private void Window(WindowSpecification w)
    {
        bool first = true;
        if (w.BaseWindow is not null) { Name(w.BaseWindow); first = false; }
        if (!w.PartitionBy.IsEmpty) { Space(ref first); W("PARTITION BY "); List(w.PartitionBy, Expr); }
        if (!w.OrderBy.IsEmpty) { Space(ref first); W("ORDER BY "); List(w.OrderBy, OrderItem); }
        if (w.Frame is { } frame)
        {
            Space(ref first);
            W(frame.Unit.ToString().ToUpperInvariant());
            if (frame.End is null) { W(" "); Bound(frame.Start); }
            else { W(" BETWEEN "); Bound(frame.Start); W(" AND "); Bound(frame.End); }
        }
    }

    private void Bound(FrameBound bound)
    {
        switch (bound.Kind)
        {
            case FrameBoundKind.UnboundedPreceding: W("UNBOUNDED PRECEDING"); break;
            case FrameBoundKind.UnboundedFollowing: W("UNBOUNDED FOLLOWING"); break;
            case FrameBoundKind.CurrentRow: W("CURRENT ROW"); break;
            case FrameBoundKind.Preceding: Operand(bound.Offset!); W(" PRECEDING"); break;
            case FrameBoundKind.Following: Operand(bound.Offset!); W(" FOLLOWING"); break;
        }
    }

    // ---- names and helpers ------------------------------------------------------------------------

    private void ColumnList(ImmutableArray<Identifier> columns)
    {
        if (columns.IsEmpty)
            return;
        W(" ("); List(columns, Name); W(")");
    }

    private void Name(Identifier id) =>
        W(id.IsQuoted ? "\"" + id.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : id.Name);

    private void Name(QualifiedName name)
    {
        for (int i = 0; i < name.Parts.Length; i++)
        {
            if (i > 0) W(".");
            Name(name.Parts[i]);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private void List<T>(ImmutableArray<T> items, Action<T> write)
    {
        for (int i = 0; i < items.Length; i++)
        {
            if (i > 0) W(", ");
            write(items[i]);
        }
    }

    private void Separator(ref bool first)
    {
        if (!first) W(", ");
        first = false;
    }

    private void Space(ref bool first)
    {
        if (!first) W(" ");
        first = false;
    }

    private void W(string text) => _out.Append(text);

    [GeneratedRegex("^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*$")]
    private static partial Regex OptionKeyPattern();
}
