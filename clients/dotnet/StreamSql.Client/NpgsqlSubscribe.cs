using System.Runtime.CompilerServices;
using Npgsql;

namespace StreamSql.Client;

/// <summary>
/// SUBSCRIBE over the Postgres port with Npgsql: the rows are read one by one as the server sends
/// them (<c>ExecuteReader</c> streams them), each as a <see cref="Change{T}"/>. Cancel the token to stop.
/// </summary>
public static class NpgsqlSubscribe
{
    /// <summary>The SUBSCRIBE statement for a view name or a query (wrapped in parentheses).</summary>
    public static string Statement(string viewOrQuery, ClientSubscribeOptions? options = null)
    {
        options ??= new ClientSubscribeOptions();
        var text = viewOrQuery.Trim().TrimEnd(';');
        var first = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var target = first.Equals("select", StringComparison.OrdinalIgnoreCase) || first.Equals("with", StringComparison.OrdinalIgnoreCase)
            ? $"({text})"
            : text;
        var with = $"SNAPSHOT = {(options.Snapshot ? "true" : "false")}";
        if (options.Since is { } since)
            with += $", SINCE = {since}";
        return $"SUBSCRIBE {target} WITH ({with})";
    }

    /// <summary>Streams the changes of a view or query as rows of raw values (in the view's column order).</summary>
    public static async IAsyncEnumerable<Change<object?[]>> SubscribeAsync(this NpgsqlConnection connection, string viewOrQuery,
        ClientSubscribeOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(Statement(viewOrQuery, options), connection) { CommandTimeout = 0 };
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        try
        {
            while (await ReadAsync(reader, cancellationToken))
            {
                var values = new object?[reader.FieldCount - 2];
                for (var i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(i + 2) ? null : reader.GetValue(i + 2);
                yield return new Change<object?[]>(reader.GetInt64(0), reader.GetInt32(1), values);
            }
        }
        finally
        {
            await CloseAsync(command, reader);
        }
    }

    /// <summary>Streams the changes of a view or query as rows of <typeparamref name="T"/>, mapped by column name.</summary>
    public static async IAsyncEnumerable<Change<T>> SubscribeAsync<T>(this NpgsqlConnection connection, string viewOrQuery,
        ClientSubscribeOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand(Statement(viewOrQuery, options), connection) { CommandTimeout = 0 };
        var reader = await command.ExecuteReaderAsync(cancellationToken);
        try
        {
            var columns = Enumerable.Range(2, reader.FieldCount - 2).Select(reader.GetName).ToArray();
            var mapper = new RowMapper<T>(columns);
            while (await ReadAsync(reader, cancellationToken))
            {
                var row = new System.Text.Json.JsonElement[columns.Length];
                for (var i = 0; i < row.Length; i++)
                    row[i] = System.Text.Json.JsonSerializer.SerializeToElement(reader.IsDBNull(i + 2) ? null : reader.GetValue(i + 2));
                yield return new Change<T>(reader.GetInt64(0), reader.GetInt32(1), mapper.Map(row));
            }
        }
        finally
        {
            await CloseAsync(command, reader);
        }
    }

    /// <summary>
    /// A subscription never ends by itself, and disposing a reader reads it to the end: cancel the
    /// statement first, then let the reader consume the cancellation error.
    /// </summary>
    private static async Task CloseAsync(NpgsqlCommand command, NpgsqlDataReader reader)
    {
        try
        {
            if (!reader.IsClosed)
                command.Cancel();
            await reader.DisposeAsync();
        }
        catch (Exception e) when (e is PostgresException { SqlState: "57014" } or OperationCanceledException or NpgsqlException)
        {
        }
    }

    /// <summary>Cancelling a streaming statement is how it ends; that is not an error for the caller.</summary>
    private static async Task<bool> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or PostgresException { SqlState: "57014" })
        {
            return false;
        }
    }
}
