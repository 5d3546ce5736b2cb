using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using StreamSql.Parser;
using StreamSql.Runtime;
using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

/// <summary>
/// One client's session on the <see cref="QueryEngine"/>: its settings, cursors and open results.
/// The same for every front end; statements run one at a time per session.
/// </summary>
public sealed class Session : ISqlSession
{
    private readonly QueryEngine _engine;
    private readonly Dictionary<string, Cursor> _cursors = new(StringComparer.Ordinal);

    internal Session(QueryEngine engine, SessionOptions options, IReadOnlyDictionary<string, string>? serverDefaults = null)
    {
        _engine = engine;
        Options = options;
        Settings = new SessionSettings(options.User, options.Parameters, serverDefaults);
    }

    public SessionOptions Options { get; }

    public SessionSettings Settings { get; }

    public IReadOnlyDictionary<string, string> ReportedParameters => Settings.Reported;

    public TimeSpan StatementTimeout => Settings.StatementTimeout;

    internal Dictionary<string, Cursor> Cursors => _cursors;

    public IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(sql, null, cancellationToken);

    /// <summary>
    /// Runs a script statement by statement; <paramref name="beforeStatement"/>, when given, is awaited
    /// before each statement runs (the command line waits there for sources to deliver their input).
    /// </summary>
    public async IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, Func<Parser.Syntax.Statement, CancellationToken, ValueTask>? beforeStatement,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parsed = SqlParser.Parse(sql);
        var firstError = parsed.Diagnostics.FirstOrDefault(d => d.IsError);
        if (firstError is not null)
        {
            // As PostgreSQL: a syntax error anywhere in a simple query runs nothing of it.
            yield return StatementResult.Failed(EngineErrors.FromDiagnostic(firstError, parsed.Source));
            yield break;
        }

        foreach (var statement in parsed.Statements)
        {
            if (beforeStatement is not null)
                await beforeStatement(statement, cancellationToken);
            var result = await _engine.ExecuteAsync(this, statement, parsed.Source, ImmutableArray<DataType?>.Empty, null, cancellationToken);
            // An error found while running (division by zero, a duplicate key) has no position of its
            // own: it is located at its statement's start line and column for scripts (not in
            // Position, which PostgreSQL's clients read as a place in the text they sent).
            if (result.Error is { Line: null } located)
            {
                var at = parsed.Source.GetLinePosition(statement.Span.Start);
                result = StatementResult.Failed(located with { Line = at.Line, Column = at.Column });
            }
            yield return result;
            if (result.Kind == ResultKind.Error)
                yield break;
        }
    }

    public ValueTask<PreparedStatementInfo> PrepareAsync(string sql, IReadOnlyList<DataType?> parameterTypes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_engine.Prepare(this, sql, parameterTypes));

    public async ValueTask<StatementResult> ExecutePreparedAsync(PreparedStatementInfo statement, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
    {
        if (statement.Error is not null)
            return StatementResult.Failed(statement.Error);
        var parsed = SqlParser.Parse(statement.Sql);
        var firstError = parsed.Diagnostics.FirstOrDefault(d => d.IsError);
        if (firstError is not null)
            return StatementResult.Failed(EngineErrors.FromDiagnostic(firstError, parsed.Source));
        if (parsed.Statements.Length == 0)
            return StatementResult.Command("");
        if (parsed.Statements.Length > 1)
            return StatementResult.Failed(new EngineError("42601", "cannot insert multiple commands into a prepared statement"));
        return await _engine.ExecuteAsync(this, parsed.Statements[0], parsed.Source,
            [.. statement.ParameterTypes.Select(t => (DataType?)t)], parameters, cancellationToken);
    }

    /// <summary>Runs a whole script and returns the last result, draining rows (the CLI and tests).</summary>
    public async Task<IReadOnlyList<(StatementResult Result, IReadOnlyList<object?[]> Rows)>> ExecuteAllAsync(string sql, CancellationToken cancellationToken)
    {
        var all = new List<(StatementResult, IReadOnlyList<object?[]>)>();
        await foreach (var result in ExecuteAsync(sql, cancellationToken))
        {
            var rows = new List<object?[]>();
            if (result.Reader is { } reader)
            {
                await using (reader)
                {
                    while (await reader.MoveNextAsync(cancellationToken))
                        rows.Add((object?[])reader.Current.Clone());
                }
            }

            all.Add((result, rows));
        }

        return all;
    }

    private int _closedOnce;

    /// <summary>Called once when the session closes (the engine counts client sessions with it).</summary>
    internal Action? Closed { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closedOnce, 1) == 0)
            Closed?.Invoke();

        foreach (var cursor in _cursors.Values)
            await cursor.Reader.DisposeAsync();
        _cursors.Clear();
    }

    /// <summary>An open cursor: its reader, and rows already pulled from it but not yet fetched.</summary>
    internal sealed class Cursor(IRowReader reader, IReadOnlyList<ResultColumn> columns, bool streaming)
    {
        public IRowReader Reader { get; } = reader;
        public IReadOnlyList<ResultColumn> Columns { get; } = columns;
        public bool Streaming { get; } = streaming;
        public Task<bool>? PendingMove { get; set; }
    }

    internal static SqlStateException NoCursor(string name) => new("34000", $"cursor \"{name}\" does not exist");
}
