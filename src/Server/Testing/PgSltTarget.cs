using Npgsql;

namespace StreamSql.Server.Testing;

/// <summary>
/// Runs sqllogictest records against a server over the Postgres wire with Npgsql. Results are
/// requested in text format, so values are compared exactly as the server prints them.
/// Streaming directives need the engine's internals and are reported as unsupported here. Files
/// share the server, so what a file created is dropped when it ends: the next file starts from the
/// catalog the first one saw.
/// </summary>
public sealed class PgSltTarget : ISltTarget
{
    /// <summary>The listings in the order objects are dropped: readers before what they read.</summary>
    private static readonly (string Listing, string Kind)[] Kinds =
        [("SINKS", "SINK"), ("VIEWS", "VIEW"), ("MATERIALIZED VIEWS", "MATERIALIZED VIEW"), ("TABLES", "TABLE"), ("SOURCES", "SOURCE")];

    private readonly NpgsqlConnection _connection;
    private HashSet<string> _before = [];

    private PgSltTarget(NpgsqlConnection connection) => _connection = connection;

    public string EngineName => "streamsql";

    public static async Task<ISltTarget> OpenAsync(string server, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionStrings.FromUrlOrKeyValue(server));
        await connection.OpenAsync(cancellationToken);
        var target = new PgSltTarget(connection);
        target._before = (await target.ObjectsAsync(cancellationToken)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return target;
    }

    public async Task<SltOutcome> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, _connection) { AllResultTypesAreUnknown = true };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            List<IReadOnlyList<string>>? rows = null;
            do
            {
                if (reader.FieldCount == 0)
                {
                    rows = null;
                    continue;
                }

                rows = [];
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = new string[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                        row[i] = SltResultComparer.FormatValue(reader.IsDBNull(i) ? null : reader.GetString(i));
                    rows.Add(row);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));

            return new SltOutcome(rows, reader.RecordsAffected, null, null);
        }
        catch (PostgresException e)
        {
            return SltOutcome.Failed(e.MessageText, e.SqlState);
        }
    }

    public bool SupportsDirectives => false;

    public Task<SltOutcome>? ExecuteDirectiveAsync(SltDirective directive, CancellationToken cancellationToken) => null;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.State == System.Data.ConnectionState.Open)
            {
                foreach (var (kind, name) in await ObjectsAsync(CancellationToken.None))
                {
                    if (_before.Contains(name))
                        continue;
                    await using var drop = new NpgsqlCommand($"DROP {kind} IF EXISTS \"{name.Replace("\"", "\"\"")}\" CASCADE", _connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }
        }
        catch (PostgresException)
        {
            // Dropped already with what it read (CASCADE), or not droppable: the next file will say so.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<List<(string Kind, string Name)>> ObjectsAsync(CancellationToken cancellationToken)
    {
        var found = new List<(string, string)>();
        foreach (var (listing, kind) in Kinds)
        {
            await using var command = new NpgsqlCommand($"SHOW {listing}", _connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found.Add((kind, reader.GetString(0)));
        }

        return found;
    }
}
