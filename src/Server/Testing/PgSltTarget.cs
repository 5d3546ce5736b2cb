using Npgsql;

namespace StreamSql.Server.Testing;

/// <summary>
/// Runs sqllogictest records against a server over the Postgres wire with Npgsql. Results are
/// requested in text format, so values are compared exactly as the server prints them.
/// Streaming directives need the engine's internals and are reported as unsupported here.
/// </summary>
public sealed class PgSltTarget : ISltTarget
{
    private readonly NpgsqlConnection _connection;

    private PgSltTarget(NpgsqlConnection connection) => _connection = connection;

    public string EngineName => "streamsql";

    public static async Task<ISltTarget> OpenAsync(string server, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionStrings.FromUrlOrKeyValue(server));
        await connection.OpenAsync(cancellationToken);
        return new PgSltTarget(connection);
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

    public Task<SltOutcome>? ExecuteDirectiveAsync(SltDirective directive, CancellationToken cancellationToken) => null;

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
