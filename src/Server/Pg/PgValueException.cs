namespace StreamSql.Server.Pg;

/// <summary>A parameter value the client sent that cannot be read as its type (22P02, 22P03, 22003...): an ordinary ERROR, the connection carries on.</summary>
internal sealed class PgValueException(string sqlState, string message) : Exception(message)
{
    public string SqlState { get; } = sqlState;
}
