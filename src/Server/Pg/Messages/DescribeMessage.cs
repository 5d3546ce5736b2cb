namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Describe ('D') and Close ('C') share this layout:
/// <code>
/// Byte1('D' | 'C') Int32 length
/// Byte1      'S' prepared statement or 'P' portal
/// String     its name
/// </code>
/// </summary>
internal readonly record struct DescribeMessage(byte Target, string Name)
{
    public const byte Statement = (byte)'S';
    public const byte Portal = (byte)'P';

    /// <summary>Reads the body; <paramref name="kind"/> ("DESCRIBE" or "CLOSE") names the message in the error for a bad target.</summary>
    public static DescribeMessage Read(ReadOnlySpan<byte> body, string kind)
    {
        var reader = new PgMessageReader(body);
        var target = reader.ReadByte();
        var name = reader.ReadCString();
        reader.End();
        if (target is not (Statement or Portal))
            throw new PgProtocolException("08P01", $"invalid {kind} message subtype {target}");
        return new DescribeMessage(target, name);
    }
}
