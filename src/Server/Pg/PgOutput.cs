using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;

namespace StreamSql.Server.Pg;

/// <summary>
/// Writes backend messages straight into the connection's <see cref="PipeWriter"/>. A message is
/// framed by <see cref="StartMessage"/> / <see cref="EndMessage"/>, which back-patches the Int32
/// length, so the whole message must stay contiguous: when the current span is too small the
/// message written so far moves to a larger span (slow path, rare). Positions inside a message
/// are therefore kept relative to the message start.
/// </summary>
internal sealed class PgOutput(PipeWriter pipe, TimeSpan writeTimeout)
{
    private const int MinimumSpan = 4096;

    private PipeWriter _pipe = pipe;
    private Memory<byte> _memory;
    private int _written;
    private int _messageStart = -1;
    private long _committed;
    private CancellationTokenSource _flushTimeout = new();

    /// <summary>Bytes written and not yet flushed to the socket.</summary>
    public long PendingBytes => _written + _committed;

    /// <summary>Switches to another pipe (after the TLS handshake); nothing may be pending.</summary>
    public void Rebind(PipeWriter pipe)
    {
        Commit();
        _pipe = pipe;
    }

    public void StartMessage(byte code)
    {
        Ensure(5);
        _messageStart = _written;
        var span = _memory.Span;
        span[_written] = code;
        _written += 5;
    }

    public void EndMessage()
    {
        var length = _written - _messageStart - 1;
        BinaryPrimitives.WriteInt32BigEndian(_memory.Span.Slice(_messageStart + 1, 4), length);
        _messageStart = -1;
    }

    /// <summary>Drops the open message (a value failed to encode half-way); earlier messages stay.</summary>
    public void AbandonMessage()
    {
        if (_messageStart < 0)
            return;
        _written = _messageStart;
        _messageStart = -1;
    }

    /// <summary>The offset of the next byte from the start of the current message.</summary>
    public int MessageOffset => _written - _messageStart;

    /// <summary>Reserves an Int32 to be patched later with <see cref="PatchInt32"/>; returns its message offset.</summary>
    public int ReserveInt32()
    {
        Ensure(4);
        var offset = _written - _messageStart;
        _written += 4;
        return offset;
    }

    public void PatchInt32(int messageOffset, int value) =>
        BinaryPrimitives.WriteInt32BigEndian(_memory.Span.Slice(_messageStart + messageOffset, 4), value);

    /// <summary>The bytes written since <paramref name="messageOffset"/> in the current message.</summary>
    public ReadOnlySpan<byte> WrittenSince(int messageOffset) =>
        _memory.Span[(_messageStart + messageOffset).._written];

    /// <summary>Drops what was written after <paramref name="messageOffset"/> in the current message.</summary>
    public void Rewind(int messageOffset) => _written = _messageStart + messageOffset;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _memory.Span[_written++] = value;
    }

    public void WriteInt16(short value)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_memory.Span[_written..], value);
        _written += 2;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_memory.Span[_written..], value);
        _written += 4;
    }

    public void WriteInt64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_memory.Span[_written..], value);
        _written += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_memory.Span[_written..]);
        _written += bytes.Length;
    }

    /// <summary>Writes UTF-8 text without a terminator; returns the number of bytes.</summary>
    public int WriteUtf8(string text)
    {
        if (text.Length == 0)
            return 0;
        // Three bytes per UTF-16 unit is the worst case; count exactly only for long strings.
        Ensure(text.Length <= 512 ? text.Length * 3 : Encoding.UTF8.GetByteCount(text));
        var n = Encoding.UTF8.GetBytes(text, _memory.Span[_written..]);
        _written += n;
        return n;
    }

    /// <summary>Writes a NUL-terminated string (protocol "String"); NULs inside are dropped, they cannot be framed.</summary>
    public void WriteCString(string text)
    {
        if (text.Contains('\0'))
            text = text.Replace("\0", "", StringComparison.Ordinal);
        WriteUtf8(text);
        WriteByte(0);
    }

    /// <summary>A span of at least <paramref name="size"/> bytes to format into; follow with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        Ensure(size);
        return _memory.Span[_written..];
    }

    public void Advance(int count) => _written += count;

    /// <summary>Hands every complete message to the pipe (no socket write yet).</summary>
    public void Commit()
    {
        if (_messageStart >= 0)
            throw new InvalidOperationException("a message is still open");
        if (_written > 0)
            _pipe.Advance(_written);
        _committed += _written;
        _written = 0;
        _memory = default;
    }

    /// <summary>
    /// Sends everything written so far. A client that stops reading makes the flush wait once the
    /// transport's bounded send buffer is full; after the write timeout the connection is given up
    /// (<see cref="PgClientGoneException"/>) so that one stalled client costs bounded memory.
    /// </summary>
    public async ValueTask FlushAsync()
    {
        Commit();
        _committed = 0;
        var pending = _pipe.FlushAsync(_flushTimeout.Token);
        FlushResult result;
        if (pending.IsCompletedSuccessfully)
        {
            result = pending.Result;
        }
        else
        {
            _flushTimeout.CancelAfter(writeTimeout);
            try
            {
                result = await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new PgClientGoneException("the client stopped reading its results");
            }
            if (!_flushTimeout.TryReset())
            {
                // The timer fired just after the flush completed: the flush still counts.
                _flushTimeout.Dispose();
                _flushTimeout = new CancellationTokenSource();
            }
        }
        if (result.IsCanceled)
            throw new PgClientGoneException("the client stopped reading its results");
        if (result.IsCompleted)
            throw new PgClientGoneException("the client closed the connection");
    }

    private void Ensure(int size)
    {
        if (_memory.Length - _written >= size)
            return;
        Grow(size);
    }

    private void Grow(int size)
    {
        // Completed messages go to the pipe; an open message moves with us to the new span.
        var keep = _messageStart >= 0 ? _written - _messageStart : 0;
        var commit = _written - keep;
        byte[]? carried = null;
        if (keep > 0)
        {
            carried = ArrayPool<byte>.Shared.Rent(keep);
            _memory.Span.Slice(commit, keep).CopyTo(carried);
        }
        if (commit > 0)
            _pipe.Advance(commit);
        _committed += commit;
        _memory = _pipe.GetMemory(Math.Max(keep + size, MinimumSpan));
        _written = keep;
        if (carried is not null)
        {
            carried.AsSpan(0, keep).CopyTo(_memory.Span);
            ArrayPool<byte>.Shared.Return(carried);
            _messageStart = 0;
        }
    }
}
