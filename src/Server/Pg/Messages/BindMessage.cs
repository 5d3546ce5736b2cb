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
/// The values stay in the receive buffer: they are decoded while the message is in hand. The
/// names are read first and the rest only once the statement is known to exist, so that, as in
/// PostgreSQL, a Bind to a missing statement reports that before anything wrong in its values.
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

    /// <summary>The portal and statement names, and where the fields after them start.</summary>
    public static (string Portal, string Statement, int FieldsAt) ReadNames(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var portal = reader.ReadCString();
        var statement = reader.ReadCString();
        return (portal, statement, body.Length - reader.Remaining);
    }

    /// <summary>
    /// The whole message, given its names as <see cref="ReadNames"/> read them and the number of
    /// parameters the statement takes. The counts are checked in PostgreSQL's order, before the
    /// values are read; counts are unsigned on the wire, as PostgreSQL reads them.
    /// </summary>
    public static BindMessage Read(ReadOnlySpan<byte> body, (string Portal, string Statement, int FieldsAt) names, int required)
    {
        var reader = new PgMessageReader(body);
        reader.ReadBytes(names.FieldsAt);
        var message = new BindMessage { Body = body, Portal = names.Portal, Statement = names.Statement };
        message.ParameterFormats = ReadFormats(ref reader);
        var count = (ushort)reader.ReadInt16();
        if (message.ParameterFormats.Length > 1 && message.ParameterFormats.Length != count)
            throw new PgProtocolException("08P01", $"bind message has {message.ParameterFormats.Length} parameter formats but {count} parameters");
        if (count != required)
            throw new PgProtocolException("08P01", $"bind message supplies {count} parameters, but prepared statement \"{names.Statement}\" requires {required}");
        message.Values = count == 0 ? [] : new (int, int)[count];
        for (var i = 0; i < count; i++)
        {
            var length = reader.ReadInt32();
            var offset = body.Length - reader.Remaining;
            // A length below -1 claims a value that cannot be there, which PostgreSQL words so.
            if (length != -1)
                reader.ReadBytes(length);
            message.Values[i] = (offset, length);
        }
        message.ResultFormats = ReadFormats(ref reader);
        reader.End();
        return message;
    }

    private static short[] ReadFormats(ref PgMessageReader reader)
    {
        var count = (ushort)reader.ReadInt16();
        // Two bytes per code: a count the message cannot hold fails before anything is allocated.
        if (count * 2 > reader.Remaining)
            throw new PgProtocolException("08P01", "insufficient data left in message");
        var formats = count == 0 ? [] : new short[count];
        for (var i = 0; i < count; i++)
            formats[i] = reader.ReadInt16();
        return formats;
    }
}
