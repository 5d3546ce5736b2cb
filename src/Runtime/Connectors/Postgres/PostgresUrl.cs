using Npgsql;

namespace StreamSql.Runtime.Connectors.Postgres;

/// <summary>
/// Turns a PostgreSQL URL (<c>postgres://user[:password]@host[:port]/database[?key=value...]</c>, also
/// <c>postgresql://</c>) or a key=value connection string into an Npgsql connection string. The
/// defaults for what a URL leaves out are the caller's: PostgreSQL's for a sink, StreamSql's server
/// for the command line.
/// </summary>
public static class PostgresUrl
{
    public static string ToConnectionString(string urlOrKeyValue, int defaultPort, string defaultDatabase, string defaultUser)
    {
        if (!urlOrKeyValue.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !urlOrKeyValue.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(urlOrKeyValue).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"'{urlOrKeyValue}' is neither a postgres:// URL nor a key=value connection string: {e.Message}");
            }
        }

        if (!Uri.TryCreate(urlOrKeyValue, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"'{urlOrKeyValue}' is not a valid URL: expected postgres://user[:password]@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? defaultPort : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : defaultDatabase,
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        else
        {
            builder.Username = defaultUser;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            try
            {
                builder[key switch { "sslmode" => "SSL Mode", "application_name" => "Application Name", _ => key }] =
                    kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"'{urlOrKeyValue}': unknown or invalid URL parameter '{key}': {e.Message}");
            }
        }

        return builder.ConnectionString;
    }
}
