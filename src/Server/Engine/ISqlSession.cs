using StreamSql.Runtime.Types;

namespace StreamSql.Server.Engine;

/// <summary>
/// One client's session, the same for every front end (Postgres wire, HTTP, SignalR, the CLI).
/// It owns the session's settings (SET/SHOW), its cursors and its open subscriptions; the
/// protocol code knows nothing of operators or plans, only of these results.
/// </summary>
public interface ISqlSession : IAsyncDisposable
{
    /// <summary>The parameters a Postgres client is told at startup and after SET (server_version, TimeZone...).</summary>
    IReadOnlyDictionary<string, string> ReportedParameters { get; }

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> in order (the simple query protocol),
    /// yielding one result per statement; after an error no further statement runs.
    /// Positions in errors are offsets into <paramref name="sql"/>.
    /// </summary>
    IAsyncEnumerable<StatementResult> ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>Binds a single statement with <c>$n</c> parameters without running it (Parse, Describe).</summary>
    ValueTask<PreparedStatementInfo> PrepareAsync(string sql, IReadOnlyList<DataType?> parameterTypes, CancellationToken cancellationToken);

    /// <summary>Runs a prepared statement with its parameter values (boxed in the runtime representation).</summary>
    ValueTask<StatementResult> ExecutePreparedAsync(PreparedStatementInfo statement, IReadOnlyList<object?> parameters, CancellationToken cancellationToken);

    /// <summary>How long a statement may run before the front end cancels it (PostgreSQL's <c>statement_timeout</c>); zero for no limit.</summary>
    TimeSpan StatementTimeout => TimeSpan.Zero;
}
