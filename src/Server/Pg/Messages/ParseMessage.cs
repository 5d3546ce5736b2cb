namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Parse ('P'):
/// <code>
/// Byte1('P') Int32 length
/// String     prepared statement name ("" = the unnamed statement)
/// String     query text (one statement, $1.. parameters)
/// Int16      number of parameter types given (may be fewer than the statement has)
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
        var count = reader.ReadInt16();
        if (count < 0)
            throw new PgProtocolException("08P01", "invalid number of parameter types in Parse message");
        var oids = count == 0 ? [] : new int[count];
        for (var i = 0; i < count; i++)
            oids[i] = reader.ReadInt32();
        reader.End();
        return new ParseMessage(name, sql, oids);
    }
}
