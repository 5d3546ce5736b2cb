namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Parse ('P'):
/// <code>
/// Byte1('P') Int32 length
/// String     prepared statement name ("" = the unnamed statement)
/// String     query text (one statement, $1.. parameters)
/// Int16      number of parameter types (unsigned) given (may be fewer than the statement has)
/// Int32[n]   parameter type OIDs (0 = let the server infer)
/// </code>
/// </summary>
internal sealed record ParseMessage(string Name, string Sql, int[] ParameterOids)
{
    public static ParseMessage Read(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var name = reader.ReadCString();
        var sql = reader.ReadCString();
        // Unsigned on the wire, as PostgreSQL reads it; four bytes per type OID must follow.
        var count = (ushort)reader.ReadInt16();
        if (count * 4 > reader.Remaining)
            throw new PgProtocolException("08P01", "insufficient data left in message");
        var oids = count == 0 ? [] : new int[count];
        for (var i = 0; i < count; i++)
            oids[i] = reader.ReadInt32();
        reader.End();
        return new ParseMessage(name, sql, oids);
    }
}
