using System.Text;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Copy;
using StreamSql.Server.Pg.Messages;

namespace StreamSql.Server.Pg;

/// <summary>
/// COPY FROM STDIN, PostgreSQL's copy-in sub-protocol: after CopyInResponse the client sends
/// CopyData chunks (their bounds need not follow rows), then CopyDone or CopyFail. Flush and Sync
/// are ignored meanwhile; any other message is a protocol violation (08P01) that ends the COPY and,
/// as in PostgreSQL, the connection. The rows are read into one batch as they come and applied at
/// CopyDone as one statement. After an error later CopyData, CopyDone and CopyFail are ignored (the
/// message loop drops them outside a COPY), as PostgreSQL does.
/// </summary>
internal sealed partial class PgConnection
{
    private PgCopyIn? _copyIn;

    /// <summary>Sends CopyInResponse and switches the connection to copy-in until CopyDone, CopyFail or an error.</summary>
    private async ValueTask StartCopyInAsync(StatementResult result, IAsyncEnumerator<StatementResult>? results, PgPortal? portal, CancellationToken token)
    {
        var target = result.CopyIn!;
        CopyInReader reader = result.CopyFormat.Binary
            ? new CopyBinaryReader(target, _timeZone)
            : new CopyTextReader(target, result.CopyFormat, _timeZone);
        _copyIn = new PgCopyIn(target, reader, results, portal, token);
        WriteNotices(result.Notices);
        CopyInResponseMessage.Write(_output, target.Columns.Count, result.CopyFormat.Binary);
        await _output.FlushAsync().ConfigureAwait(false);
    }

    private ValueTask CopyInMessageAsync(byte code, ReadOnlySpan<byte> body)
    {
        var copy = _copyIn!;
        switch (code)
        {
            case FrontendCode.CopyData:
                try
                {
                    copy.Reader.Feed(body);
                }
                catch (CopyInException e)
                {
                    return EndCopyInAsync(e.Error);
                }
                return ValueTask.CompletedTask;
            case FrontendCode.CopyDone:
                return FinishCopyInAsync();
            case FrontendCode.CopyFail:
            {
                var end = body.IndexOf((byte)0);
                var message = Encoding.UTF8.GetString(end < 0 ? body : body[..end]);
                return EndCopyInAsync(new EngineError("57014", $"COPY from stdin failed: {message}", Where: copy.Reader.Context()));
            }
            case FrontendCode.Flush or FrontendCode.Sync:
                return ValueTask.CompletedTask;
            default:
                // As PostgreSQL: the ERROR, then the connection ends (FATAL), since the client and the
                // server no longer agree on where the conversation is.
                _copyIn = null;
                ReportError(new EngineError("08P01", $"unexpected message type 0x{code:X2} during COPY from stdin", Where: copy.Reader.Context()));
                throw new PgProtocolException("08P01", "terminating connection because protocol synchronization was lost", fatal: true);
        }
    }

    /// <summary>CopyDone: the rows are applied; the COPY's CommandComplete (or its error) follows, then the rest of a simple query.</summary>
    private async ValueTask FinishCopyInAsync()
    {
        var copy = _copyIn!;
        StatementResult result;
        try
        {
            var (rows, lines) = copy.Reader.Finish();
            using (rows)
                result = await copy.Target.ApplyAsync(rows, lines, copy.Token).ConfigureAwait(false);
        }
        catch (CopyInException e)
        {
            await EndCopyInAsync(e.Error).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (copy.Token.IsCancellationRequested)
        {
            await EndCopyInAsync(new EngineError("57014", "canceling statement due to user request")).ConfigureAwait(false);
            return;
        }

        if (result.Kind == ResultKind.Error)
        {
            await EndCopyInAsync(result.Error ?? new EngineError("XX000", "COPY failed without an error")).ConfigureAwait(false);
            return;
        }

        _copyIn = null;
        CommandCompleteMessage.Write(_output, result.CommandTag);
        if (copy.Results is not null)
        {
            await RunSimpleQueryAsync(copy.Results, copy.Token, any: true).ConfigureAwait(false);
            return;
        }

        copy.Portal!.Completed = true;
        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>The COPY failed: its ErrorResponse, and a simple query ends there (ReadyForQuery); the extended protocol skips to Sync.</summary>
    private async ValueTask EndCopyInAsync(EngineError error)
    {
        var copy = _copyIn!;
        _copyIn = null;
        ReportError(error);
        if (copy.Results is not null)
        {
            EndStatement();
            await copy.Results.DisposeAsync().ConfigureAwait(false);
            _skipUntilSync = false;
            ReadyForQueryMessage.Write(_output, _transactionStatus);
        }
        else
        {
            copy.Portal!.Completed = true;
        }

        await _output.FlushAsync().ConfigureAwait(false);
    }
}
