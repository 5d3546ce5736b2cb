using System.Collections.Immutable;
using StreamSql.Runtime.Connectors.Formats;

namespace StreamSql.Runtime.Connectors.Postgres;

/// <summary>
/// The <c>postgres</c> sink's settings. From <c>WITH</c>: <c>url</c> (required: a postgres:// URL or a
/// key=value connection string; a URL defaults to port 5432, database and user <c>postgres</c>),
/// <c>table</c> (required: <c>name</c> or <c>schema.name</c>, as written: lower case unless the
/// target's name has capitals), <c>primary_key</c> (comma-separated columns of the sink's query;
/// required when the query updates or deletes rows), <c>create_table</c> (create the table when it
/// does not exist, with the query's column types and the key; default false).
/// </summary>
public sealed record PostgresSinkOptions(string ConnectionString, string? Schema, string Table, ImmutableArray<string> PrimaryKey, bool CreateTable)
{
    public const string ConnectorName = "postgres";

    public static readonly IReadOnlyList<string> ValidOptions = ["url", "table", "primary_key", "create_table"];

    /// <summary>Changes committed by the engine but not yet in PostgreSQL, above which <see cref="ISink.Commit"/> waits (back-pressure).</summary>
    public int MaxPendingRows { get; init; } = 1_000_000;

    /// <summary>The first wait after a failure; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the <c>WITH</c> options (keys case-insensitive; <c>connector</c> ignored); 22023 errors.</summary>
    public static PostgresSinkOptions Parse(IReadOnlyDictionary<string, string> options)
    {
        const string owner = "connector " + ConnectorName;
        string? url = null, table = null;
        var key = ImmutableArray<string>.Empty;
        var create = false;
        foreach (var (rawKey, value) in options)
        {
            switch (rawKey.Trim().ToLowerInvariant())
            {
                case "connector":
                    break;
                case "url":
                    url = value;
                    break;
                case "table":
                    table = value.Trim();
                    break;
                case "primary_key":
                    key = [.. value.Split(',').Select(c => c.Trim())];
                    if (key.Any(c => c.Length == 0))
                        throw ConnectorOptions.Invalid($"invalid value '{value}' for option 'primary_key' of {owner}; expected column names separated by commas");
                    break;
                case "create_table":
                    create = ConnectorOptions.ParseBoolean(value, "create_table", owner);
                    break;
                default:
                    throw ConnectorOptions.Unknown(rawKey, owner, ValidOptions);
            }
        }
        if (string.IsNullOrWhiteSpace(url))
            throw ConnectorOptions.Missing("url", owner, ValidOptions);
        if (string.IsNullOrWhiteSpace(table))
            throw ConnectorOptions.Missing("table", owner, ValidOptions);
        string connectionString;
        try
        {
            connectionString = PostgresUrl.ToConnectionString(url, 5432, "postgres", "postgres");
        }
        catch (FormatException e)
        {
            throw ConnectorOptions.Invalid($"invalid value for option 'url' of {owner}: {e.Message}");
        }
        var parts = table.Split('.');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
            throw ConnectorOptions.Invalid($"invalid value '{table}' for option 'table' of {owner}; expected name or schema.name");
        return parts.Length == 2
            ? new PostgresSinkOptions(connectionString, parts[0], parts[1], key, create)
            : new PostgresSinkOptions(connectionString, null, parts[0], key, create);
    }
}
