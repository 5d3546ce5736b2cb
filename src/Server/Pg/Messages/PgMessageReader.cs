using System.Buffers.Binary;
using System.Text;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Reads the fields of one frontend message body. Every read checks the remaining length, so a
/// message that claims more than it holds is a protocol violation (08P01), never an exception
/// from the runtime.
/// </summary>
internal ref struct PgMessageReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _at;

    public readonly int Remaining => _body.Length - _at;

    public byte ReadByte()
    {
        Need(1);
        return _body[_at++];
    }

    public short ReadInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadInt16BigEndian(_body[_at..]);
        _at += 2;
        return value;
    }

    public int ReadInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadInt32BigEndian(_body[_at..]);
        _at += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0)
            throw new PgProtocolException("08P01", "invalid length in message");
        Need(count);
        var bytes = _body.Slice(_at, count);
        _at += count;
        return bytes;
    }

    /// <summary>A NUL-terminated UTF-8 string (the protocol's "String").</summary>
    public string ReadCString()
    {
        var end = _body[_at..].IndexOf((byte)0);
        if (end < 0)
            throw new PgProtocolException("08P01", "invalid string in message: missing terminator");
        var text = Decode(_body.Slice(_at, end));
        _at += end + 1;
        return text;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _body[_at..];
        _at = _body.Length;
        return rest;
    }

    /// <summary>Asserts the whole message was consumed: trailing bytes mean the client and server disagree on the layout.</summary>
    public readonly void End()
    {
        if (_at != _body.Length)
            throw new PgProtocolException("08P01", "invalid message format: unexpected bytes after the last field");
    }

    private readonly void Need(int count)
    {
        if (_body.Length - _at < count)
            throw new PgProtocolException("08P01", "insufficient data left in message");
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PgProtocolException("22021", "invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
