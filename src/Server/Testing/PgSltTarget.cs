using Npgsql;
using StreamSql.Parser;
using StreamSql.Parser.Syntax;

namespace StreamSql.Server.Testing;

/// <summary>
/// Runs sqllogictest records against a server over the Postgres wire with Npgsql. Results are
/// requested in text format, so values are compared exactly as the server prints them.
/// Streaming directives need the engine's internals and are reported as unsupported here. A COPY to
/// STDOUT is read through Npgsql's text export (its lines' fields are the rows), and a COPY FROM STDIN
/// that the server accepts is abandoned with the in-process runner's error: a file has no rows to
/// send. Files
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
            // Npgsql runs COPY only through its copy API, not as a command.
            if (SqlParser.Parse(sql) is { Statements: [CopyStatement copy] } && copy.Target is "stdout" or "stdin")
                return copy.Direction == CopyDirection.To ? await CopyOutAsync(sql, cancellationToken) : await CopyInAsync(sql, cancellationToken);

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

    /// <summary>A COPY TO STDOUT: each line a row, its tab-separated fields the values (\N is NULL) in text format.</summary>
    private async Task<SltOutcome> CopyOutAsync(string sql, CancellationToken cancellationToken)
    {
        using var reader = await _connection.BeginTextExportAsync(sql, cancellationToken);
        var rows = new List<IReadOnlyList<string>>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
            rows.Add([.. line.Split('\t').Select(v => SltResultComparer.FormatValue(v == "\\N" ? null : v))]);
        return new SltOutcome(rows, rows.Count, null, null);
    }

    /// <summary>A COPY FROM STDIN: the server's error if it refuses it, else the runner's own (it has no rows to send).</summary>
    private async Task<SltOutcome> CopyInAsync(string sql, CancellationToken cancellationToken)
    {
        var writer = await _connection.BeginTextImportAsync(sql, cancellationToken);
        // Cancel ends the COPY with CopyFail and releases the writer (disposing it afterwards throws).
        writer.Cancel();
        return SltOutcome.Failed("COPY FROM STDIN is not supported here: the rows come from a PostgreSQL client", "0A000");
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
