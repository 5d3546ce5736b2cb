using System.Buffers.Binary;
using System.Text;

namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Reads the fields of one frontend message body. Every read checks the remaining length, so a
/// message that claims more than it holds is a protocol violation (08P01), never an exception
/// from the runtime. The messages are PostgreSQL's (pqformat.c), word for word: clients and
/// tests compare them.
/// </summary>
internal ref struct PgMessageReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _at;

    public readonly int Remaining => _body.Length - _at;

    public byte ReadByte()
    {
        if (_at >= _body.Length)
            throw new PgProtocolException("08P01", "no data left in message");
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
            throw new PgProtocolException("08P01", "insufficient data left in message");
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
            throw new PgProtocolException("08P01", "invalid string in message");
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
            throw new PgProtocolException("08P01", "invalid message format");
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
            throw new PgProtocolException("22021", InvalidUtf8Message(bytes));
        }
    }

    /// <summary>
    /// PostgreSQL's wording: the bytes of the first invalid character, as many as its lead byte
    /// announces (one for a byte that cannot lead) and as the text still holds.
    /// </summary>
    internal static string InvalidUtf8Message(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
            at += consumed;
        var lead = at < bytes.Length ? bytes[at] : (byte)0;
        var announced = (lead & 0x80) == 0 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
        var shown = bytes.Slice(at, Math.Min(announced, bytes.Length - at));
        var text = new StringBuilder("invalid byte sequence for encoding \"UTF8\": ");
        for (var i = 0; i < shown.Length; i++)
            text.Append(i == 0 ? "" : " ").Append("0x").Append(shown[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
