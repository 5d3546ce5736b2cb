using StreamSql.Runtime.Connectors.Postgres;

namespace StreamSql.Server.Testing;

/// <summary>
/// Turns the <c>--server</c> argument into an Npgsql connection string: either a PostgreSQL URL
/// (<c>postgres://user[:password]@host[:port]/database</c>, also <c>postgresql://</c>) or a
/// key=value connection string, as dialect.md allows. A URL defaults to StreamSql's port (5433),
/// database and user (both <c>streamsql</c>).
/// </summary>
public static class ConnectionStrings
{
    public static string FromUrlOrKeyValue(string server)
    {
        try
        {
            return PostgresUrl.ToConnectionString(server, 5433, "streamsql", "streamsql");
        }
        catch (FormatException e)
        {
            throw new FormatException("--server " + e.Message);
        }
    }
}
