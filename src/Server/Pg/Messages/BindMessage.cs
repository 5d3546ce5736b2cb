namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Bind ('B'):
/// <code>
/// Byte1('B') Int32 length
/// String     destination portal name ("" = unnamed)
/// String     source prepared statement name
/// Int16      number of parameter format codes: 0 = all text, 1 = one for all, else one per parameter
/// Int16[n]   format codes (0 text, 1 binary)
/// Int16      number of parameter values
///   Int32    value length, -1 for NULL
///   Byte[n]  value
/// Int16      number of result format codes: 0 = all text, 1 = one for all, else one per column
/// Int16[n]   result format codes
/// </code>
/// The values stay in the receive buffer: they are decoded while the message is in hand.
/// </summary>
internal ref struct BindMessage
{
    public string Portal;
    public string Statement;
    public short[] ParameterFormats;
    public ReadOnlySpan<byte> Body;
    /// <summary>Offset and length (-1 = NULL) of every parameter value within <see cref="Body"/>.</summary>
    public (int Offset, int Length)[] Values;
    public short[] ResultFormats;

    public static BindMessage Read(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var message = new BindMessage { Body = body };
        message.Portal = reader.ReadCString();
        message.Statement = reader.ReadCString();
        message.ParameterFormats = ReadFormats(ref reader);
        var count = reader.ReadInt16();
        if (count < 0)
            throw new PgProtocolException("08P01", "invalid number of parameters in Bind message");
        message.Values = count == 0 ? [] : new (int, int)[count];
        for (var i = 0; i < count; i++)
        {
            var length = reader.ReadInt32();
            if (length < -1)
                throw new PgProtocolException("08P01", "invalid parameter length in Bind message");
            var offset = body.Length - reader.Remaining;
            if (length > 0)
                reader.ReadBytes(length);
            message.Values[i] = (offset, length);
        }
        message.ResultFormats = ReadFormats(ref reader);
        reader.End();
        return message;
    }

    private static short[] ReadFormats(ref PgMessageReader reader)
    {
        var count = reader.ReadInt16();
        if (count < 0)
            throw new PgProtocolException("08P01", "invalid number of format codes in Bind message");
        var formats = count == 0 ? [] : new short[count];
        for (var i = 0; i < count; i++)
            formats[i] = reader.ReadInt16();
        return formats;
    }
}
