using StreamSql.Server.Engine;

namespace StreamSql.Server.Pg;

/// <summary>A prepared statement created by Parse (named, or the unnamed one).</summary>
internal sealed record PgStatement(string Name, PreparedStatementInfo Info)
{
    /// <summary>True for a query string with no statement in it: Execute answers EmptyQueryResponse.</summary>
    public bool IsEmpty { get; init; }
}
