using StreamSql.Runtime.Data;

namespace StreamSql.Server.Engine;

/// <summary>
/// The receiving end of <c>COPY table FROM STDIN</c>. The front end reads the client's rows (in
/// <see cref="StatementResult.CopyFormat"/>) into one batch of <see cref="Columns"/> without holding
/// the engine, then hands it over: the engine applies it as one statement, as an INSERT of those rows.
/// </summary>
public sealed class CopyInTarget
{
    private readonly Func<Batch, IReadOnlyList<int>, CancellationToken, Task<StatementResult>> _apply;
    private readonly Func<object?[], string> _failingRow;

    internal CopyInTarget(string relation, IReadOnlyList<ResultColumn> columns, IReadOnlyList<bool> notNull,
        Func<Batch, IReadOnlyList<int>, CancellationToken, Task<StatementResult>> apply, Func<object?[], string> failingRow)
    {
        _failingRow = failingRow;
        Relation = relation;
        Columns = columns;
        NotNull = notNull;
        _apply = apply;
    }

    /// <summary>The table's name, as errors' CONTEXT names it (<c>COPY t, line 3</c>).</summary>
    public string Relation { get; }

    /// <summary>The COPY's columns in the order the input holds them, typed as the table's columns.</summary>
    public IReadOnlyList<ResultColumn> Columns { get; }

    /// <summary>Per column: NULL is refused (NOT NULL or a key column), so the reader can say on which line.</summary>
    public IReadOnlyList<bool> NotNull { get; }

    /// <summary>PostgreSQL's DETAIL of a NOT NULL violation (<c>Failing row contains (...)</c>) for one row read, as the table's row it makes.</summary>
    public string FailingRow(object?[] values) => _failingRow(values);

    /// <summary>
    /// Applies the rows read (all of them or none); <paramref name="lines"/> is each row's input line,
    /// for the CONTEXT of an error about a row. Returns the <c>COPY n</c> command or the error.
    /// </summary>
    public Task<StatementResult> ApplyAsync(Batch rows, IReadOnlyList<int> lines, CancellationToken cancellationToken) =>
        _apply(rows, lines, cancellationToken);
}
