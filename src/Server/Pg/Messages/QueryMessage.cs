namespace StreamSql.Server.Pg.Messages;

/// <summary>
/// Query ('Q'), the simple query protocol:
/// <code>
/// Byte1('Q') Int32 length
/// String     the query text (one or more statements)
/// </code>
/// </summary>
internal readonly record struct QueryMessage(string Sql)
{
    public static QueryMessage Read(ReadOnlySpan<byte> body)
    {
        var reader = new PgMessageReader(body);
        var sql = reader.ReadCString();
        reader.End();
        return new QueryMessage(sql);
    }
}
