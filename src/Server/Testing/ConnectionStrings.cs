using Npgsql;

namespace StreamSql.Server.Testing;

/// <summary>
/// Turns the <c>--server</c> argument into an Npgsql connection string: either a PostgreSQL URL
/// (<c>postgres://user[:password]@host[:port]/database</c>, also <c>postgresql://</c>) or a
/// key=value connection string, as dialect.md allows.
/// </summary>
public static class ConnectionStrings
{
    public static string FromUrlOrKeyValue(string server)
    {
        if (!server.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !server.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(server).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"--server '{server}' is neither a postgres:// URL nor a key=value connection string: {e.Message}");
            }
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new FormatException($"--server '{server}' is not a valid URL: expected postgres://user[:password]@host:port/database");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5433 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "streamsql",
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
            builder.Username = "streamsql";
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            builder[key switch { "sslmode" => "SSL Mode", "application_name" => "Application Name", _ => key }] =
                kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
        }

        return builder.ConnectionString;
    }
}
