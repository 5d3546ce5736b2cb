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
            try
            {
                while (!_terminated && TryReadFrame(ref buffer, out var code, out var body))
                    await DispatchAsync(code, body).ConfigureAwait(false);
                if (read.IsCompleted || read.IsCanceled)
                {
                    // The peer may only have closed its sending side: it is told why, if it still listens.
                    if (!buffer.IsEmpty && !_terminated)
                        throw new PgProtocolException("08P01", "unexpected end of input in the middle of a message");
                    return;
                }
                if (!_terminated && buffer.Length >= 5 && PeekLength(buffer, out largeCode) is var length && length - 4 > LargeMessage)
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
                throw new PgProtocolException("08P01", "unexpected end of input in the middle of a message");
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
            throw new PgProtocolException("08P01", $"invalid message length {length}");
        if (length - 4 > _options.MaxMessageSize)
            throw new PgProtocolException("54000", $"message of {length - 4} bytes exceeds the limit of {_options.MaxMessageSize} bytes");
        if (buffer.Length < 1L + length)
            return false;
        body = buffer.Slice(5, length - 4);
        buffer = buffer.Slice(1 + length);
        return true;
    }

    private ValueTask DispatchAsync(byte code, ReadOnlySequence<byte> body)
    {
        if (_skipUntilSync && code is not (FrontendCode.Sync or FrontendCode.Terminate))
            return ValueTask.CompletedTask;
        byte[]? rented = null;
        var span = body.IsSingleSegment ? body.FirstSpan : Flatten(body, out rented);
        try
        {
            if (_copyIn is not null)
                return CopyInMessageAsync(code, span);
            switch (code)
            {
                case FrontendCode.Query:
                    return SimpleQueryAsync(QueryMessage.Read(span).Sql);
                case FrontendCode.Parse:
                    return ParseAsync(ParseMessage.Read(span));
                case FrontendCode.Bind:
                    Bind(BindMessage.Read(span));
                    return ValueTask.CompletedTask;
                case FrontendCode.Describe:
                    Describe(DescribeMessage.Read(span));
                    return ValueTask.CompletedTask;
                case FrontendCode.Execute:
                    return ExecuteAsync(ExecuteMessage.Read(span));
                case FrontendCode.Close:
                    return CloseAsync(DescribeMessage.Read(span));
                case FrontendCode.Sync:
                    return SyncAsync();
                case FrontendCode.Flush:
                    return _output.FlushAsync();
                case FrontendCode.Terminate:
                    _terminated = true;
                    return ValueTask.CompletedTask;
                case FrontendCode.CopyData or FrontendCode.CopyDone or FrontendCode.CopyFail:
                    // Outside COPY FROM STDIN these are ignored, as PostgreSQL does, so that a
                    // client can end a COPY it abandoned.
                    return ValueTask.CompletedTask;
                case FrontendCode.FunctionCall:
                    // Like a simple query, a function call is answered and followed by ReadyForQuery.
                    ReportError(new EngineError("0A000", "the function call protocol is not supported"));
                    _skipUntilSync = false;
                    ReadyForQueryMessage.Write(_output, _transactionStatus);
                    return _output.FlushAsync();
                default:
                    throw new PgProtocolException("08P01", $"invalid frontend message type {code}");
            }
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
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
                _statementCancel.Cancel();
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
            if (_shuttingDown)
                _statementCancel.Cancel();
            return _statementCancel.Token;
        }
    }

    private void EndStatement()
    {
        lock (_statementLock)
            _statementRunning = false;
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
