using StreamSql.Runtime;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Messages;

namespace StreamSql.Server.Pg;

internal sealed partial class PgConnection
{
    /// <summary>
    /// Simple query: every statement of the text in order, each result with its own
    /// RowDescription / rows / CommandComplete (or CopyOut), stopping at the first error; then
    /// ReadyForQuery. An empty text gets EmptyQueryResponse.
    /// </summary>
    private async ValueTask SimpleQueryAsync(string sql)
    {
        await DropPortalAsync("").ConfigureAwait(false);
        _statements.Remove("");
        if (IsBlank(sql))
        {
            EmptyMessage.Write(_output, BackendCode.EmptyQueryResponse);
            await EndWithReadyAsync(dropPortals: false).ConfigureAwait(false);
            return;
        }

        var token = BeginStatement();
        await RunSimpleQueryAsync(_session!.ExecuteAsync(sql, token).GetAsyncEnumerator(token), token, any: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a simple query's results from <paramref name="results"/> on, then ReadyForQuery. A COPY
    /// FROM STDIN suspends it: the statements after it run once its data is in (see <see cref="FinishCopyInAsync"/>).
    /// </summary>
    private async ValueTask RunSimpleQueryAsync(IAsyncEnumerator<StatementResult> results, CancellationToken token, bool any)
    {
        var suspended = false;
        try
        {
            while (await results.MoveNextAsync().ConfigureAwait(false))
            {
                any = true;
                var result = results.Current;
                if (result.Kind == ResultKind.CopyIn)
                {
                    suspended = true;
                    await StartCopyInAsync(result, results, null, token).ConfigureAwait(false);
                    return;
                }
                if (!await WriteResultAsync(result, null, 0, describe: true, token).ConfigureAwait(false))
                    break;
            }
            if (!any)
                EmptyMessage.Write(_output, BackendCode.EmptyQueryResponse);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            ReportCancelled();
        }
        catch (EngineException e)
        {
            ReportError(e.Error);
        }
        catch (Exception e) when (IsStatementFailure(e))
        {
            ReportFailure(e);
        }
        finally
        {
            if (!suspended)
            {
                EndStatement();
                await results.DisposeAsync().ConfigureAwait(false);
            }
        }
        await EndWithReadyAsync(dropPortals: false).ConfigureAwait(false);
    }

    /// <summary>True for text without any statement: only white space, semicolons and comments.</summary>
    internal static bool IsBlank(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c) || c == ';')
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                    i++;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                    return false;
                i = end + 2;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Writes one statement's result. For rows, <paramref name="describe"/> sends RowDescription
    /// first (simple query; in the extended protocol Describe did). Returns false after an error.
    /// </summary>
    private async ValueTask<bool> WriteResultAsync(StatementResult result, short[]? formats, int maxRows, bool describe, CancellationToken token)
    {
        WriteNotices(result.Notices);
        switch (result.Kind)
        {
            case ResultKind.Command:
                CommandCompleteMessage.Write(_output, result.CommandTag);
                await OnCommandTagAsync(result.CommandTag).ConfigureAwait(false);
                return true;
            case ResultKind.Error:
                ReportError(result.Error ?? new EngineError("XX000", "statement failed without an error"));
                return false;
            case ResultKind.Rows:
            case ResultKind.CopyOut:
                var columns = result.Columns ?? [];
                if (result.Kind == ResultKind.CopyOut)
                    StartCopyOut(result, columns);
                else if (describe)
                    RowDescriptionMessage.Write(_output, columns, formats);
                var types = TypesOf(columns);
                await using (result.Reader)
                {
                    var (_, completed) = await StreamRowsAsync(result, types, formats, maxRows, token).ConfigureAwait(false);
                    return completed;
                }
            default:
                return true;
        }
    }

    private static DataType[] TypesOf(IReadOnlyList<ResultColumn> columns)
    {
        var types = new DataType[columns.Count];
        for (var i = 0; i < types.Length; i++)
            types[i] = columns[i].Type;
        return types;
    }

    /// <summary>
    /// Pulls rows from the result's reader into DataRow (or CopyData) messages until it ends or
    /// <paramref name="maxRows"/> rows were sent (0 = no limit). Output is flushed whenever the
    /// reader has to wait, so a subscriber sees each row as soon as it exists, and when enough
    /// has piled up; a client that does not read stalls the flush and is cut off by its timeout.
    /// Returns the row count and whether the result finished (false on error, cancel or limit).
    /// </summary>
    private async ValueTask<(long Rows, bool Completed)> StreamRowsAsync(StatementResult result, DataType[] types, short[]? formats, int maxRows, CancellationToken token,
        string? suspendOnCloseOf = null)
    {
        var reader = result.Reader;
        var copy = result.Kind == ResultKind.CopyOut;
        long rows = 0;
        try
        {
            while (true)
            {
                if (reader is null)
                    break;
                var next = reader.MoveNextAsync(token);
                if (!next.IsCompleted && _output.PendingBytes > 0)
                    await _output.FlushAsync().ConfigureAwait(false);
                if (!next.IsCompleted && suspendOnCloseOf is not null)
                {
                    // Waiting for a row: the portal ends here if the client closes it meanwhile. The
                    // reader's pending move is left to the portal, which disposes of it on Close.
                    var moved = next.AsTask();
                    if (await ClosedWhileWaitingAsync(moved, suspendOnCloseOf, token).ConfigureAwait(false))
                    {
                        EmptyMessage.Write(_output, BackendCode.PortalSuspended);
                        return (rows, false);
                    }
                    next = new ValueTask<bool>(moved);
                }
                if (!await next.ConfigureAwait(false))
                    break;
                if (!WriteRow(types, reader.Current, formats, copy ? result.CopyFormat : null))
                    return (rows, false);
                rows++;
                if (_output.PendingBytes >= _options.FlushThreshold)
                    await _output.FlushAsync().ConfigureAwait(false);
                if (maxRows > 0 && rows >= maxRows)
                {
                    EmptyMessage.Write(_output, BackendCode.PortalSuspended);
                    return (rows, false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // An ErrorResponse ends COPY OUT as well; no CopyDone precedes it.
            ReportCancelled();
            return (rows, false);
        }
        catch (EngineException e)
        {
            ReportError(e.Error);
            return (rows, false);
        }
        catch (Exception e) when (IsStatementFailure(e))
        {
            ReportFailure(e);
            return (rows, false);
        }
        if (copy)
        {
            if (result.CopyFormat.Binary)
            {
                CopyDataMessage.WriteBinaryTrailer(_output, _binaryCopyHeaderPending);
                _binaryCopyHeaderPending = false;
            }
            EmptyMessage.Write(_output, BackendCode.CopyDone);
            CommandCompleteMessage.Write(_output, "COPY", rows);
        }
        else
        {
            CommandCompleteMessage.Write(_output, result.CommandTag.Length == 0 ? "SELECT" : result.CommandTag, rows);
        }
        return (rows, true);
    }

    /// <summary>Waits for <paramref name="moved"/>, or for the client to close <paramref name="portal"/>; true for the latter.</summary>
    private async Task<bool> ClosedWhileWaitingAsync(Task<bool> moved, string portal, CancellationToken token)
    {
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(token);
        var watch = WaitForPortalCloseAsync(portal, stopWatching.Token);
        var first = await Task.WhenAny(moved, watch).ConfigureAwait(false);
        if (first == watch && await watch.ConfigureAwait(false))
            return true;
        // The row (or the reader's end or failure) came first, or the input ended: the watcher
        // stops and leaves the input for the message loop, before anything else reads it.
        stopWatching.Cancel();
        await watch.ConfigureAwait(false);
        return false;
    }

    /// <summary>A binary COPY TO's header is still to be sent: it goes in the first row's CopyData (or the trailer's).</summary>
    private bool _binaryCopyHeaderPending;

    /// <summary>CopyOutResponse, then the header line when COPY asked for one.</summary>
    private void StartCopyOut(StatementResult result, IReadOnlyList<ResultColumn> columns)
    {
        CopyOutResponseMessage.Write(_output, columns.Count, result.CopyFormat.Binary);
        _binaryCopyHeaderPending = result.CopyFormat.Binary;
        if (result.CopyFormat.Header && !result.CopyFormat.Binary)
            CopyDataMessage.WriteHeader(_output, columns.Select(c => c.Name).ToList(), result.CopyFormat);
    }

    /// <summary>One DataRow, or with <paramref name="copy"/> one CopyData row in that format.</summary>
    private bool WriteRow(DataType[] types, object?[] values, short[]? formats, Planner.CopyFormat? copy)
    {
        try
        {
            if (copy is { Binary: true })
            {
                CopyDataMessage.WriteBinary(_output, types, values, _binaryCopyHeaderPending);
                _binaryCopyHeaderPending = false;
            }
            else if (copy is not null)
                CopyDataMessage.Write(_output, types, values, _timeZone, copy);
            else
                DataRowMessage.Write(_output, types, values, formats, _timeZone);
            return true;
        }
        catch (Exception e) when (e is InvalidCastException or NullReferenceException or PgValueException or IndexOutOfRangeException)
        {
            // A value that does not match its column's type is a bug in the engine; the client
            // gets an error instead of a corrupt row, and the connection carries on.
            _output.AbandonMessage();
            PgLog.InternalError(_logger, _id, e);
            ReportError(new EngineError("XX000", "internal error: a result value does not match its column type"));
            return false;
        }
    }

    private void WriteNotices(IReadOnlyList<EngineNotice> notices)
    {
        foreach (var notice in notices)
        {
            ErrorResponseMessage.Write(_output, BackendCode.NoticeResponse, notice.Severity, notice.SqlState,
                notice.Message, notice.Detail, notice.Hint);
        }
    }

    /// <summary>ErrorResponse; inside a transaction block the block is now failed, in the extended protocol messages are skipped until Sync.</summary>
    private void ReportError(EngineError error)
    {
        ErrorResponseMessage.Write(_output, BackendCode.ErrorResponse, error.Severity, error.SqlState, error.Message,
            error.Detail, error.Hint, error.Position, error.Where);
        if (_transactionStatus == ReadyForQueryMessage.InTransaction)
            _transactionStatus = ReadyForQueryMessage.FailedTransaction;
        _skipUntilSync = true;
    }

    /// <summary>
    /// Exceptions a statement may end with that are not the connection's fault: a runtime error
    /// in data (<see cref="SqlStateException"/>) or a bug below the protocol. They end the
    /// statement with an ErrorResponse; the connection carries on.
    /// </summary>
    private static bool IsStatementFailure(Exception e) =>
        e is not (PgClientGoneException or PgProtocolException or PgFramingException or OperationCanceledException or OutOfMemoryException);

    private void ReportFailure(Exception e)
    {
        _output.AbandonMessage();
        if (e is SqlStateException sql)
        {
            ReportError(new EngineError(sql.SqlState, sql.Message, sql.Detail, sql.Hint));
            return;
        }
        PgLog.InternalError(_logger, _id, e);
        ReportError(new EngineError("XX000", "internal error: " + e.Message));
    }

    private void ReportCancelled()
    {
        // At shutdown the connection ends with FATAL 57P01, sent once by the connection's run loop.
        if (_shuttingDown)
            throw new OperationCanceledException("server shutdown");
        bool requested;
        lock (_statementLock)
            requested = _cancelRequested;
        ReportError(new EngineError("57014", requested ? "canceling statement due to user request" : "canceling statement due to statement timeout"));
    }

    /// <summary>Tracks the transaction status from the tags the session answers with, and reports changed settings after SET.</summary>
    private async ValueTask OnCommandTagAsync(string tag)
    {
        switch (tag)
        {
            case "BEGIN" or "START TRANSACTION":
                _transactionStatus = ReadyForQueryMessage.InTransaction;
                return;
            case "COMMIT" or "ROLLBACK" or "END" or "ABORT":
                _transactionStatus = ReadyForQueryMessage.Idle;
                await DropPortalsAsync().ConfigureAwait(false);
                return;
        }
        if (tag.StartsWith("SET", StringComparison.Ordinal) || tag.StartsWith("RESET", StringComparison.Ordinal) || tag.StartsWith("DISCARD", StringComparison.Ordinal))
        {
            foreach (var (name, value) in _session!.ReportedParameters)
            {
                if (_reportedParameters.TryGetValue(name, out var old) && old == value)
                    continue;
                _reportedParameters[name] = value;
                ParameterStatusMessage.Write(_output, name, value);
                if (name == "TimeZone")
                    _timeZone = ResolveTimeZone(value);
            }
        }
    }

    /// <summary>The zone timestamptz text is shown in; a name the system does not know falls back to UTC.</summary>
    private static TimeZoneInfo ResolveTimeZone(string name)
    {
        if (name is "UTC" or "Etc/UTC" or "GMT" or "Z")
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? zone : TimeZoneInfo.Utc;
    }
}
