using System.Collections.Immutable;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Plan;

namespace StreamSql.Planner;

// The closed family of planned statements: what the server applies to the runtime. Each carries
// everything needed to run the statement; the catalog change (if any) is already in
// PlanResult.Catalog.

/// <summary>A bound, checked statement ready to run. <see cref="CommandTag"/> is the Postgres command tag (without row count).</summary>
public abstract record PlannedStatement
{
    public abstract string CommandTag { get; }
}

/// <summary>A statement that changes nothing (e.g. <c>CREATE ... IF NOT EXISTS</c> on an existing name, <c>DROP IF EXISTS</c> of a missing one).</summary>
public sealed record NoOpPlan(string Tag, string? Notice) : PlannedStatement
{
    public override string CommandTag => Tag;
}

public sealed record CreateSourcePlan(SourceDefinition Source) : PlannedStatement
{
    public override string CommandTag => "CREATE SOURCE";
}

public sealed record CreateTablePlan(TableDefinition Table) : PlannedStatement
{
    public override string CommandTag => "CREATE TABLE";
}

/// <summary>A new materialized view and the dataflow that maintains it (rooted at a <see cref="MaterializeNode"/>).</summary>
public sealed record CreateMaterializedViewPlan(MaterializedViewDefinition View, PlanNode Physical, LateDataPlan? LateData) : PlannedStatement
{
    public override string CommandTag => "CREATE MATERIALIZED VIEW";
}

/// <summary>Where rows arriving after their window closed go (<c>LATE DATA TO table</c>).</summary>
public sealed record LateDataPlan(TableDefinition Table);

public sealed record CreateViewPlan(ViewDefinition View) : PlannedStatement
{
    public override string CommandTag => "CREATE VIEW";
}

/// <summary>A new sink and the dataflow that feeds it (rooted at a <see cref="SinkNode"/>).</summary>
public sealed record CreateSinkPlan(SinkDefinition Sink, PlanNode Physical) : PlannedStatement
{
    public override string CommandTag => "CREATE SINK";
}

/// <summary>
/// INSERT, UPDATE or DELETE of <see cref="Table"/>: <see cref="Rows"/> computes, once over the committed
/// snapshot, what each statement's subtype says, then one boolean per CHECK constraint (INSERT and
/// UPDATE) and the RETURNING values.
/// </summary>
public abstract record DmlPlan(TableDefinition Table, PlanNode Rows) : PlannedStatement
{
    /// <summary>The optimised logical plan of <see cref="Rows"/>, for EXPLAIN.</summary>
    public LogicalPlan? Logical { get; init; }

    /// <summary>The RETURNING list's columns (empty without one): computed after the rows' own columns (and CHECK results).</summary>
    public ImmutableArray<ColumnDefinition> Returning { get; init; } = [];
}

/// <summary>
/// INSERT: <see cref="DmlPlan.Rows"/> produces the new rows in the table's column order, already cast
/// to the column types (omitted columns are their defaults).
/// </summary>
public sealed record InsertPlan(TableDefinition Table, PlanNode Rows) : DmlPlan(Table, Rows)
{
    /// <summary>ON CONFLICT (on the primary key): the layout of <see cref="DmlPlan.Rows"/> is in it.</summary>
    public InsertConflict? Conflict { get; init; }

    public override string CommandTag => "INSERT 0";
}

/// <summary>
/// What an INSERT does with a proposed row whose key the table has (nothing, or DO UPDATE), and where
/// the parts of each row of its plan start (-1: absent). The proposed row starts at 0.
/// </summary>
/// <param name="Ordinal">The proposed row's position in its VALUES list: rows are applied in that order.</param>
/// <param name="Existing">The table's row of the same key, NULLs when there is none.</param>
/// <param name="Updated">DO UPDATE: the row the SET list makes of it.</param>
/// <param name="Where">DO UPDATE: whether its WHERE condition holds.</param>
public sealed record InsertConflict(bool DoUpdate, int Ordinal, int Existing, int Updated, int Where,
    int ProposedChecks, int UpdatedChecks, int ProposedReturning, int UpdatedReturning);

/// <summary>
/// UPDATE: <see cref="DmlPlan.Rows"/> produces, per matching row, the old row followed by the new row
/// (2 × column count columns); the server retracts the old and inserts the new in one epoch.
/// </summary>
public sealed record UpdatePlan(TableDefinition Table, PlanNode Rows) : DmlPlan(Table, Rows)
{
    public override string CommandTag => "UPDATE";
}

/// <summary>DELETE: <see cref="DmlPlan.Rows"/> produces the rows to retract, whole, in the table's column order.</summary>
public sealed record DeletePlan(TableDefinition Table, PlanNode Rows) : DmlPlan(Table, Rows)
{
    public override string CommandTag => "DELETE";
}

/// <summary>TRUNCATE: the DELETE of every row of each of its tables, applied in one step.</summary>
public sealed record TruncatePlan(ImmutableArray<DeletePlan> Deletes) : PlannedStatement
{
    public override string CommandTag => "TRUNCATE TABLE";
}

/// <summary>A one-time query over the committed snapshot.</summary>
public sealed record QueryPlan(PlanNode Physical, ImmutableArray<ColumnDefinition> Columns, LogicalPlan Logical) : PlannedStatement
{
    public override string CommandTag => "SELECT";
}

/// <summary>
/// SUBSCRIBE to a materialized view or table (<see cref="Relation"/>) or to a query (<see cref="Physical"/>,
/// a dataflow the server starts for the subscription). <see cref="Columns"/> are the relation's columns;
/// the server adds <c>epoch</c>, <c>diff</c> (and <c>progressed</c>) in front.
/// </summary>
public sealed record SubscribePlan(
    CatalogObject? Relation,
    PlanNode? Physical,
    ImmutableArray<ColumnDefinition> Columns,
    SubscribeOptions Options) : PlannedStatement
{
    /// <summary>The optimised logical plan of <see cref="Physical"/>, for EXPLAIN.</summary>
    public LogicalPlan? Logical { get; init; }

    public override string CommandTag => "SUBSCRIBE";
}

/// <param name="Since">Resume after this epoch, or null.</param>
public sealed record SubscribeOptions(bool Snapshot, bool Progress, long? Since)
{
    public static readonly SubscribeOptions Default = new(true, false, null);
}

/// <summary><c>COPY (SUBSCRIBE ... | query) TO STDOUT [WITH (...)]</c>: the inner statement's rows in <see cref="Format"/>.</summary>
public sealed record CopyToPlan(PlannedStatement Inner, CopyFormat Format) : PlannedStatement
{
    public CopyToPlan(PlannedStatement inner) : this(inner, CopyFormat.Text) { }

    public override string CommandTag => "COPY";
}

/// <summary>DROP: <see cref="Dropped"/> in the order to remove them (dependents before what they read).</summary>
public sealed record DropPlan(ObjectKind Kind, ImmutableArray<CatalogObject> Dropped) : PlannedStatement
{
    public override string CommandTag => "DROP " + Kind switch
    {
        ObjectKind.MaterializedView => "MATERIALIZED VIEW",
        _ => Kind.ToString().ToUpperInvariant(),
    };
}

/// <summary>
/// SHOW. For kinds answered from the catalog (sources, tables, views, sinks, columns, create) the rows
/// are filled in; for runtime state (subscriptions, watermarks, queries, settings) <see cref="Rows"/> is
/// empty and the server answers with <see cref="Columns"/>.
/// </summary>
public sealed record ShowPlan(ShowTarget Target, string? Name, ImmutableArray<ColumnDefinition> Columns, ImmutableArray<ImmutableArray<object?>> Rows) : PlannedStatement
{
    public override string CommandTag => "SHOW";
}

public enum ShowTarget
{
    Sources,
    Tables,
    MaterializedViews,
    Views,
    Sinks,
    Subscriptions,
    Watermarks,
    Queries,
    Create,
    Columns,
    Variable,
    All,
}

/// <summary>SET name = value (a null <see cref="Value"/> is DEFAULT / RESET).</summary>
public sealed record SetPlan(string Name, string? Value) : PlannedStatement
{
    public override string CommandTag => "SET";
}

/// <summary>EXPLAIN: the plan text, one row per line in a <c>QUERY PLAN</c> column.</summary>
public sealed record ExplainPlan(ImmutableArray<string> Lines) : PlannedStatement
{
    public override string CommandTag => "EXPLAIN";
}

/// <summary>EXPLAIN ANALYZE of a query: the server runs <see cref="Query"/> and prints its physical plan with what each node did.</summary>
public sealed record ExplainAnalyzePlan(QueryPlan Query) : PlannedStatement
{
    public override string CommandTag => "EXPLAIN";
}

public sealed record FlushPlan : PlannedStatement
{
    public override string CommandTag => "FLUSH";
}

public sealed record TransactionPlan(Parser.Syntax.TransactionKind Kind) : PlannedStatement
{
    public override string CommandTag => Kind switch
    {
        Parser.Syntax.TransactionKind.Begin => "BEGIN",
        Parser.Syntax.TransactionKind.Commit => "COMMIT",
        _ => "ROLLBACK",
    };
}

/// <summary>DECLARE name CURSOR FOR SUBSCRIBE ... (or a query).</summary>
public sealed record DeclareCursorPlan(string Name, PlannedStatement Source) : PlannedStatement
{
    public override string CommandTag => "DECLARE CURSOR";
}

/// <summary>FETCH n | ALL (null <see cref="Count"/>) from a cursor, waiting up to <see cref="Timeout"/> for rows.</summary>
public sealed record FetchPlan(string Cursor, long? Count, TimeSpan? Timeout) : PlannedStatement
{
    public override string CommandTag => "FETCH";
}

/// <summary>CLOSE cursor (null: CLOSE ALL).</summary>
public sealed record ClosePlan(string? Cursor) : PlannedStatement
{
    public override string CommandTag => "CLOSE CURSOR";
}

/// <summary>DISCARD ALL and the like: resets session state.</summary>
public sealed record DiscardPlan(string Target) : PlannedStatement
{
    public override string CommandTag => "DISCARD " + Target.ToUpperInvariant();
}

/// <summary>
/// <c>COPY table [(cols)] FROM STDIN</c>: the client's rows, read in <see cref="Format"/> as values of
/// <see cref="Columns"/> (the COPY's column list, in its order, typed as the table's columns), become
/// the table's rows through <see cref="Fill"/>: one expression per table column over those values,
/// the same that an INSERT with that column list computes (so omitted columns are filled as it fills them).
/// </summary>
public sealed record CopyFromPlan(TableDefinition Table, ImmutableArray<ColumnDefinition> Columns, CopyFormat Format, ImmutableArray<PlanExpression> Fill) : PlannedStatement
{
    /// <summary>The table's CHECK conditions (<see cref="TableDefinition.Checks"/>, in order) over a filled row.</summary>
    public ImmutableArray<PlanExpression> Checks { get; init; } = [];

    public override string CommandTag => "COPY";
}
