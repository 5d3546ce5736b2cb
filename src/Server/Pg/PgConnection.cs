using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using StreamSql.Server.Engine;
using StreamSql.Server.Pg.Messages;

namespace StreamSql.Server.Pg;

/// <summary>
/// One Postgres client connection: startup and authentication, then the message loop of the
/// simple and extended query protocols over the session. The loop parses every complete message
/// in the receive buffer and writes replies straight into the send pipe, flushing at
/// ReadyForQuery, at Flush and while rows stream.
/// </summary>
internal sealed partial class PgConnection
{
    private readonly ConnectionContext _context;
    private readonly ISqlSessionFactory _sessions;
    private readonly PgOptions _options;
    private readonly PgCredentialStore _credentials;
    private readonly PgCancelRegistry _registry;
    private readonly ILogger _logger;
    private readonly string _id;

    private PipeReader _input;
    private System.Net.Security.SslStream? _tls;
    private readonly PgOutput _output;
    private ISqlSession? _session;
    private int _processId;
    private byte _transactionStatus = ReadyForQueryMessage.Idle;
    private bool _skipUntilSync;
    private bool _terminated;
    private readonly Dictionary<string, PgStatement> _statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PgPortal> _portals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reportedParameters = new(StringComparer.Ordinal);
    private TimeZoneInfo _timeZone = TimeZoneInfo.Utc;

    // A cancel request or a shutdown cancels the running statement; the lock orders it with the
    // start and end of statements, so a late cancel never hits the next statement.
    private readonly Lock _statementLock = new();
    private CancellationTokenSource _statementCancel = new();
    // Whether the running statement was cancelled by the client (a CancelRequest), not by statement_timeout.
    private bool _cancelRequested;
    private bool _statementRunning;
    private readonly CancellationTokenSource _shutdown = new();
    private bool _shuttingDown;

    internal PgConnection(ConnectionContext context, ISqlSessionFactory sessions, PgOptions options,
        PgCredentialStore credentials, PgCancelRegistry registry, ILogger logger)
    {
        _context = context;
        _sessions = sessions;
        _options = options;
        _credentials = credentials;
        _registry = registry;
        _logger = logger;
        _id = context.ConnectionId;
        _input = context.Transport.Input;
        _output = new PgOutput(context.Transport.Output, options.WriteTimeout);
    }

    internal async Task RunAsync()
    {
        var lifetime = _context.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var onShutdown = lifetime?.ConnectionClosedRequested.Register(static state => ((PgConnection)state!).BeginShutdown(), this);
        using var onClosed = _context.ConnectionClosed.Register(static state => ((PgConnection)state!).CancelRunningStatement(), this);
        try
        {
            if (await StartupAsync().ConfigureAwait(false))
                await MessageLoopAsync().ConfigureAwait(false);
        }
        catch (PgProtocolException e)
        {
            PgLog.ProtocolViolation(_logger, _id, e.SqlState, e.Message);
            await TryReportFatalAsync(e.SqlState, e.Message).ConfigureAwait(false);
        }
        catch (PgFramingException e)
        {
            PgLog.ProtocolViolation(_logger, _id, "08P01", e.Message);
        }
        catch (PgClientGoneException e)
        {
            PgLog.ClientGone(_logger, _id, e.Message);
        }
        catch (OperationCanceledException) when (_shuttingDown)
        {
            PgLog.ShutdownClose(_logger, _id);
            await TryReportFatalAsync("57P01", "terminating connection due to administrator command").ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException || (e is ObjectDisposedException or InvalidOperationException && IsTransportGone()))
        {
            PgLog.ClientGone(_logger, _id, e.Message);
        }
        catch (Exception e)
        {
            PgLog.InternalError(_logger, _id, e);
            await TryReportFatalAsync("XX000", "internal error: " + e.Message).ConfigureAwait(false);
        }
        finally
        {
            await CleanUpAsync().ConfigureAwait(false);
            PgLog.ConnectionClosed(_logger, _id);
        }
    }

    private bool IsTransportGone() => _context.ConnectionClosed.IsCancellationRequested;

    private async Task MessageLoopAsync()
    {
        while (!_terminated)
        {
            var read = await _input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
            var buffer = read.Buffer;
            byte[]? large = null;
            var largeCode = (byte)0;
            var largeLength = 0;
            var largeFilled = 0;
            var released = false;
            try
            {
                while (!_terminated && !buffer.IsEmpty)
                {
                    CheckMessageType(buffer.FirstSpan[0]);
                    if (!TryReadFrame(ref buffer, out var code, out var body))
                        break;
                    if (code == FrontendCode.Execute && !_skipUntilSync && HasRowLimit(body) && TryReadExecute(body, out var execute))
                    {
                        // An Execute with a row limit (a cursor's read) may wait long for rows (a
                        // subscription). It runs with its message consumed and the rest of the input
                        // left in the pipe, so that while it waits it can watch for the client closing
                        // its portal (see WaitForPortalCloseAsync). Other Executes stay on the fast path.
                        _input.AdvanceTo(buffer.Start);
                        released = true;
                        await ExecuteAsync(execute, watchInput: true).ConfigureAwait(false);
                        break;
                    }
                    await DispatchAsync(code, body).ConfigureAwait(false);
                }
                if (released)
                {
                    // The buffer belongs to the pipe again: the next read returns what follows the Execute.
                }
                else if (read.IsCompleted || read.IsCanceled)
                {
                    // PostgreSQL closes without a word here (it only logs "unexpected EOF within message").
                    if (!buffer.IsEmpty && !_terminated)
                        throw new PgFramingException("unexpected end of input in the middle of a message");
                    return;
                }
                if (!released && !_terminated && buffer.Length >= 5 && PeekLength(buffer, out largeCode) is var length && length - 4 > LargeMessage)
                {
                    // The transport stops reading once its bounded buffer is full, so a message
                    // larger than that is assembled here (within the message size limit).
                    largeLength = length - 4;
                    large = ArrayPool<byte>.Shared.Rent(largeLength);
                    var available = buffer.Slice(5);
                    available.CopyTo(large);
                    largeFilled = (int)available.Length;
                    buffer = buffer.Slice(buffer.End);
                }
            }
            finally
            {
                if (!released)
                    _input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (large is not null)
            {
                try
                {
                    await FillAsync(large, largeFilled, largeLength).ConfigureAwait(false);
                    await DispatchAsync(largeCode, new ReadOnlySequence<byte>(large, 0, largeLength)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(large);
                }
            }
            // Replies to pipelined messages without a Sync (e.g. after Flush was not sent) still go out.
            if (_output.PendingBytes > 0)
                await _output.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether an Execute's last field, its row limit, is above 0 (read before the message is parsed).</summary>
    private static bool HasRowLimit(ReadOnlySequence<byte> body)
    {
        if (body.Length < 5)
            return false;
        Span<byte> limit = stackalloc byte[4];
        body.Slice(body.Length - 4).CopyTo(limit);
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(limit) > 0;
    }

    /// <summary>Reads an Execute's fields; false when they do not parse (DispatchAsync then reports it).</summary>
    private static bool TryReadExecute(ReadOnlySequence<byte> body, out ExecuteMessage message)
    {
        Span<byte> small = stackalloc byte[256];
        var span = body.IsSingleSegment ? body.FirstSpan : body.Length <= small.Length ? Copy(body, small) : default;
        message = default;
        if (span.IsEmpty && !body.IsEmpty)
            return false;
        try
        {
            message = ExecuteMessage.Read(span);
            return true;
        }
        catch (PgProtocolException)
        {
            return false;
        }

        static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> body, Span<byte> into)
        {
            body.CopyTo(into);
            return into[..(int)body.Length];
        }
    }

    /// <summary>
    /// Runs while an Execute with a row limit waits for its next row, the Execute's message already
    /// consumed: completes with true when the next message (Flushes aside) is a Close of
    /// <paramref name="portal"/> or a Terminate, with false when it is anything else. The input is
    /// left unconsumed for the message loop. A client abandoning a cursor (pg-cursor,
    /// pg-query-stream) sends Close and Sync while its read-ahead Execute still waits; without
    /// this the connection would hang until the next row arrived. Only the very next message
    /// counts, so a batch such as Execute + Sync is not cut short, and nothing else touches the
    /// portal's reader before the Close disposes of it.
    /// </summary>
    private async Task<bool> WaitForPortalCloseAsync(string portal, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read;
            try
            {
                read = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            var buffer = read.Buffer;
            var verdict = NextMessageClosesPortal(buffer, portal);
            if (verdict is not null || read.IsCompleted || read.IsCanceled)
            {
                _input.AdvanceTo(buffer.Start);
                return verdict == true;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Whether the first message after any Flushes is Close('P', portal) or Terminate; null until it is complete.</summary>
    private static bool? NextMessageClosesPortal(ReadOnlySequence<byte> buffer, string portal)
    {
        Span<byte> header = stackalloc byte[5];
        while (buffer.Length >= 5)
        {
            buffer.Slice(0, 5).CopyTo(header);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[1..]);
            if (length < 4)
                return false;
            if (buffer.Length < 1L + length)
                return null;
            switch (header[0])
            {
                case FrontendCode.Flush:
                    buffer = buffer.Slice(1 + length);
                    continue;
                case FrontendCode.Terminate:
                    return true;
                case FrontendCode.Close:
                    // Byte1('P') String(name): exactly the portal's name and its terminator.
                    var body = buffer.Slice(5, length - 4).ToArray();
                    return body.Length >= 2 && body[0] == DescribeMessage.Portal && body[^1] == 0
                        && body.AsSpan(1, body.Length - 2).SequenceEqual(System.Text.Encoding.UTF8.GetBytes(portal));
                default:
                    return false;
            }
        }
        return null;
    }

    /// <summary>Messages above this size that are not yet complete are assembled outside the transport's buffer.</summary>
    private const int LargeMessage = 64 * 1024;

    private static int PeekLength(ReadOnlySequence<byte> buffer, out byte code)
    {
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        code = header[0];
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[1..]);
    }

    private async Task FillAsync(byte[] target, int filled, int length)
    {
        while (filled < length)
        {
            var read = await _input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
            var buffer = read.Buffer;
            var take = (int)Math.Min(buffer.Length, length - filled);
            buffer.Slice(0, take).CopyTo(target.AsSpan(filled));
            filled += take;
            _input.AdvanceTo(buffer.GetPosition(take));
            if (filled < length && (read.IsCompleted || read.IsCanceled))
                throw new PgFramingException("unexpected end of input in the middle of a message");
        }
    }

    /// <summary>
    /// Frames one message: Byte1 type, Int32 length (counting itself, not the type), body.
    /// Lengths below 4 or above the limit are rejected before the body is waited for.
    /// </summary>
    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out byte code, out ReadOnlySequence<byte> body)
    {
        code = 0;
        body = default;
        if (buffer.Length < 5)
            return false;
        Span<byte> header = stackalloc byte[5];
        buffer.Slice(0, 5).CopyTo(header);
        code = header[0];
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[1..]);
        if (length < 4)
            throw new PgFramingException($"invalid message length {length}");
        if (length - 4 > _options.MaxMessageSize)
            throw new PgProtocolException("54000", $"message of {length - 4} bytes exceeds the limit of {_options.MaxMessageSize} bytes");
        if (buffer.Length < 1L + length)
            return false;
        body = buffer.Slice(5, length - 4);
        buffer = buffer.Slice(1 + length);
        return true;
    }

    /// <summary>
    /// Runs one framed message. A body that does not parse (a missing terminator, a short or long
    /// field, invalid UTF-8) leaves the framing intact, so as in PostgreSQL it is an ERROR, not
    /// the end of the connection: after an extended-protocol message the rest is skipped until
    /// Sync, after any other message ReadyForQuery follows at once.
    /// </summary>
    private async ValueTask DispatchAsync(byte code, ReadOnlySequence<byte> body)
    {
        if (_skipUntilSync && code is not (FrontendCode.Sync or FrontendCode.Terminate))
            return;
        ValueTask run;
        byte[]? rented = null;
        try
        {
            var span = body.IsSingleSegment ? body.FirstSpan : Flatten(body, out rented);
            // During COPY FROM STDIN the copy sub-protocol takes every message.
            run = _copyIn is not null ? CopyInMessageAsync(code, span) : Start(code, span);
        }
        catch (PgProtocolException e) when (!e.Fatal)
        {
            run = ValueTask.CompletedTask;
            ReportError(new EngineError(e.SqlState, e.Message));
            if (code is not (FrontendCode.Parse or FrontendCode.Bind or FrontendCode.Describe or FrontendCode.Execute or FrontendCode.Close or FrontendCode.Flush))
                await EndWithReadyAsync(dropPortals: code == FrontendCode.Sync).ConfigureAwait(false);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
        await run.ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the message's fields from <paramref name="span"/> and starts acting on them; the
    /// span is only read before the first await, so the returned task may outlive it.
    /// </summary>
    private ValueTask Start(byte code, ReadOnlySpan<byte> span)
    {
        switch (code)
        {
            case FrontendCode.Query:
                return SimpleQueryAsync(QueryMessage.Read(span).Sql);
            case FrontendCode.Parse:
                return ParseAsync(ParseMessage.Read(span));
            case FrontendCode.Bind:
                var names = BindMessage.ReadNames(span);
                if (!_statements.TryGetValue(names.Statement, out var statement))
                {
                    ReportError(MissingStatement(names.Statement));
                    return ValueTask.CompletedTask;
                }
                Bind(BindMessage.Read(span, names, statement.Info.ParameterTypes.Count), statement);
                return ValueTask.CompletedTask;
            case FrontendCode.Describe:
                Describe(DescribeMessage.Read(span, "DESCRIBE"));
                return ValueTask.CompletedTask;
            case FrontendCode.Execute:
                return ExecuteAsync(ExecuteMessage.Read(span));
            case FrontendCode.Close:
                return CloseAsync(DescribeMessage.Read(span, "CLOSE"));
            case FrontendCode.Sync:
                new PgMessageReader(span).End();
                return SyncAsync();
            case FrontendCode.Flush:
                new PgMessageReader(span).End();
                return _output.FlushAsync();
            case FrontendCode.Terminate:
                // PostgreSQL does not look at a Terminate's body either.
                _terminated = true;
                return ValueTask.CompletedTask;
            case FrontendCode.CopyData or FrontendCode.CopyDone or FrontendCode.CopyFail:
                // Outside COPY FROM STDIN these are ignored, as PostgreSQL does, so that a
                // client can end a COPY it abandoned.
                return ValueTask.CompletedTask;
            case FrontendCode.FunctionCall:
                // Like a simple query, a function call is answered and followed by ReadyForQuery.
                ReportError(new EngineError("0A000", "the function call protocol is not supported"));
                return EndWithReadyAsync(dropPortals: false);
            default:
                throw new InvalidOperationException($"message type {code} passed the type check");
        }
    }

    /// <summary>
    /// The message types accepted after startup. Anything else is fatal, checked on the type byte
    /// alone (before the length), as PostgreSQL does: the stream is then not a Postgres client's.
    /// </summary>
    private static void CheckMessageType(byte code)
    {
        if (code is not (FrontendCode.Query or FrontendCode.Parse or FrontendCode.Bind or FrontendCode.Describe or FrontendCode.Execute
            or FrontendCode.Close or FrontendCode.Sync or FrontendCode.Flush or FrontendCode.Terminate or FrontendCode.CopyData
            or FrontendCode.CopyDone or FrontendCode.CopyFail or FrontendCode.FunctionCall))
            throw new PgProtocolException("08P01", $"invalid frontend message type {code}");
    }

    /// <summary>PostgreSQL names the unnamed statement in words rather than as "".</summary>
    private static EngineError MissingStatement(string name) => name.Length == 0
        ? new EngineError("26000", "unnamed prepared statement does not exist")
        : new EngineError("26000", $"prepared statement \"{name}\" does not exist");

    /// <summary>Ends a simple query, a function call or a failed Sync: the skip ends and ReadyForQuery goes out.</summary>
    private async ValueTask EndWithReadyAsync(bool dropPortals)
    {
        _skipUntilSync = false;
        if (dropPortals && _transactionStatus == ReadyForQueryMessage.Idle)
            await DropPortalsAsync().ConfigureAwait(false);
        ReadyForQueryMessage.Write(_output, _transactionStatus);
        await _output.FlushAsync().ConfigureAwait(false);
    }

    private static ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> body, out byte[] rented)
    {
        rented = ArrayPool<byte>.Shared.Rent((int)body.Length);
        body.CopyTo(rented);
        return rented.AsSpan(0, (int)body.Length);
    }

    /// <summary>Called from a CancelRequest's connection (and when the client disconnects): stops the running statement, if any.</summary>
    internal void CancelRunningStatement()
    {
        lock (_statementLock)
        {
            if (_statementRunning)
            {
                _cancelRequested = true;
                _statementCancel.Cancel();
            }
        }
    }

    private void BeginShutdown()
    {
        _shuttingDown = true;
        CancelRunningStatement();
        _shutdown.Cancel();
    }

    private CancellationToken BeginStatement()
    {
        lock (_statementLock)
        {
            if (!_statementCancel.TryReset())
            {
                _statementCancel.Dispose();
                _statementCancel = new CancellationTokenSource();
            }
            _statementRunning = true;
            _cancelRequested = false;
            if (_shuttingDown)
                _statementCancel.Cancel();
            // statement_timeout: the statement is cancelled when it runs longer (ReportCancelled says why).
            else if (_session?.StatementTimeout is { Ticks: > 0 } timeout)
                _statementCancel.CancelAfter(timeout);
            return _statementCancel.Token;
        }
    }

    private void EndStatement()
    {
        lock (_statementLock)
        {
            _statementRunning = false;
            if (!_statementCancel.IsCancellationRequested)
                _statementCancel.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private async ValueTask TryReportFatalAsync(string sqlState, string message)
    {
        try
        {
            _output.AbandonMessage();
            ErrorResponseMessage.Write(_output, BackendCode.ErrorResponse, "FATAL", sqlState, message);
            await _output.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is PgClientGoneException or IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; there is nobody to tell.
        }
    }

    private async ValueTask CleanUpAsync()
    {
        if (_processId != 0)
            _registry.Unregister(_processId);
        foreach (var portal in _portals.Values)
        {
            try
            {
                await portal.DisposeReaderAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                PgLog.InternalError(_logger, _id, e);
            }
        }
        _portals.Clear();
        // A client gone in the middle of COPY FROM STDIN: its rows are dropped, the rest of its query not run.
        if (_copyIn?.Results is { } pending)
        {
            _copyIn = null;
            try
            {
                await pending.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                PgLog.InternalError(_logger, _id, e);
            }
        }
        if (_session is not null)
        {
            try
            {
                await _session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                PgLog.InternalError(_logger, _id, e);
            }
        }
        if (_tls is not null)
        {
            try
            {
                await _tls.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The transport is already gone.
            }
        }
        // The cancellation sources are left to the collector: a cancel request or a shutdown
        // notification may still arrive from another thread after this point.
    }
}
