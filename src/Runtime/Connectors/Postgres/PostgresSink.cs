using System.Text;
using Npgsql;
using NpgsqlTypes;
using StreamSql.Runtime.Data;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Connectors.Postgres;

/// <summary>
/// The <c>postgres</c> sink: keeps a PostgreSQL table equal to the sink's query.
/// <para>Each committed epoch's changes are applied in one PostgreSQL transaction together with the
/// sink's row in <c>streamsql_sink_progress (sink, last_epoch, updated_at)</c>, which lives next to the
/// target table. An epoch at or below <c>last_epoch</c> is skipped, so an epoch applied once is never
/// applied again (a commit whose acknowledgement was lost is retried and then skipped).</para>
/// <para>With <c>primary_key</c>, a change is an upsert or a delete by key: per epoch the changes are
/// consolidated, and a key whose last row has positive weight is deleted and inserted with that row,
/// a key with only retractions deleted. Applying the same changes again leaves the table as it was,
/// so after a crash the epochs the engine re-runs from its checkpoint bring the table back to exactly
/// the query's contents (exactly once in effect). The target table needs no unique constraint.
/// Without <c>primary_key</c> the query must be append-only (the planner checks) and rows are
/// inserted; re-run epochs then insert their rows again (at least once across a crash).</para>
/// <para>The work runs on a background task, so a PostgreSQL that is down or slow does not stop the
/// view: failures are logged and retried with back-off (100 ms doubling to 10 s) and the epochs that
/// pile up meanwhile go out together in one transaction when it is back. Beyond
/// <see cref="PostgresSinkOptions.MaxPendingRows"/> waiting rows, <see cref="Commit"/> waits for the
/// backlog to shrink: memory stays bounded and the engine slows down instead. A checkpoint waits
/// until the epochs it covers are written (<see cref="IFlushingSink"/>), so a crash loses nothing the
/// sink had accepted.</para>
/// </summary>
public sealed class PostgresSink : IFlushingSink, IEpochLogFollower
{
    /// <summary>The table holding each sink's last applied epoch.</summary>
    public const string ProgressTable = "streamsql_sink_progress";

    /// <summary>Rows per statement: larger epochs are sent in several statements of one transaction.</summary>
    private const int RowsPerStatement = 10_000;

    private readonly PostgresSinkOptions options;
    private readonly Action<string> log;
    private readonly object gate = new();
    private readonly List<EpochChanges> pending = [];
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private EpochChanges? open;
    private long pendingRows;
    private Task? worker;
    private string name = "";
    private RowSchema schema = RowSchema.Empty;
    private int[] keyColumns = [];
    private long appliedEpoch = -1;
    private long failures;
    private string? lastError;
    private volatile bool failing;

    /// <summary>The constructor the server calls: checks the <c>WITH</c> options (22023 errors); <paramref name="log"/> receives failures.</summary>
    public PostgresSink(IReadOnlyDictionary<string, string> options, Action<string>? log = null)
        : this(PostgresSinkOptions.Parse(options), log)
    {
    }

    public PostgresSink(PostgresSinkOptions options, Action<string>? log = null)
    {
        this.options = options;
        this.log = log ?? (_ => { });
    }

    public PostgresSinkOptions Options => options;

    /// <summary>The last epoch known to be in PostgreSQL (-1 before the first).</summary>
    public long AppliedEpoch => Interlocked.Read(ref appliedEpoch);

    /// <summary>How many attempts to reach or write PostgreSQL failed.</summary>
    public long Failures => Interlocked.Read(ref failures);

    public string? LastError => Volatile.Read(ref lastError);

    /// <summary>Rows of committed epochs not yet in PostgreSQL.</summary>
    public long PendingRows
    {
        get { lock (gate) return pendingRows; }
    }

    public void Open(string name, RowSchema schema)
    {
        this.name = name;
        this.schema = schema;
        keyColumns = [.. options.PrimaryKey.Select(column => schema.IndexOf(column) is var i and >= 0
            ? i
            : throw new ArgumentException($"primary_key column \"{column}\" is not a column of the sink's query", nameof(schema)))];
        worker = Task.Run(RunAsync);
    }

    public void Write(long epoch, Batch changes)
    {
        if (open?.Epoch != epoch)
            open = new EpochChanges(epoch);
        for (int i = 0; i < changes.RowCount; i++)
        {
            int row = changes.RowIndex(i);
            var values = new string?[schema.Count];
            for (int c = 0; c < values.Length; c++)
                values[c] = ValueFormatter.Format(changes.GetValue(c, row), schema[c].Type);
            open.Rows.Add((values, changes.Weights[row]));
        }
    }

    public void Commit(long epoch)
    {
        if (open?.Epoch != epoch)
            return;
        var committed = open;
        open = null;
        lock (gate)
        {
            pending.Add(committed);
            pendingRows += committed.Rows.Count;
        }
        wake.Release();
        lock (gate)
        {
            while (pendingRows > options.MaxPendingRows && !stopping.IsCancellationRequested)
                Monitor.Wait(gate, TimeSpan.FromMilliseconds(200));
        }
    }

    public async Task FlushAsync(long epoch, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (gate)
            {
                if (!pending.Any(e => e.Epoch <= epoch))
                    return;
            }
            await Task.Delay(5, cancellationToken);
        }
    }

    /// <summary>Gives the background task a few seconds to deliver what is waiting (unless PostgreSQL is failing), then stops it.</summary>
    public void Dispose()
    {
        if (worker is not null)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (PendingRows > 0 && !failing && DateTime.UtcNow < deadline)
                Thread.Sleep(10);
            stopping.Cancel();
            try
            {
                worker.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }
        lock (gate)
            Monitor.PulseAll(gate);
        stopping.Dispose();
    }

    public Func<CancellationToken, Task> WaitForEpochLog { private get; set; } = _ => Task.CompletedTask;

    private async Task RunAsync()
    {
        NpgsqlConnection? connection = null;
        var delay = options.MinRetryDelay;
        var token = stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await wake.WaitAsync(token);
                while (!token.IsCancellationRequested)
                {
                    List<EpochChanges> batch;
                    lock (gate)
                    {
                        if (pending.Count == 0)
                            break;
                        batch = [.. pending];
                    }
                    try
                    {
                        if (connection is null)
                        {
                            connection = new NpgsqlConnection(options.ConnectionString);
                            await connection.OpenAsync(token);
                            await PrepareAsync(connection, token);
                        }
                        // An epoch is written under its number only once its record is durable.
                        await WaitForEpochLog(token);
                        await ApplyAsync(connection, batch, token);
                        delay = options.MinRetryDelay;
                        failing = false;
                    }
                    catch (Exception e) when (!token.IsCancellationRequested)
                    {
                        failing = true;
                        Interlocked.Increment(ref failures);
                        Volatile.Write(ref lastError, e.Message);
                        log($"sink {name}: PostgreSQL: {e.Message}; retrying in {delay.TotalSeconds:0.###} s");
                        if (connection is not null)
                            await connection.DisposeAsync();
                        connection = null;
                        await Task.Delay(delay, token);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRetryDelay.Ticks));
                        continue;
                    }
                    lock (gate)
                    {
                        pending.RemoveRange(0, batch.Count);
                        pendingRows -= batch.Sum(e => (long)e.Rows.Count);
                        Monitor.PulseAll(gate);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
    }

    private string Qualified(string table) =>
        options.Schema is null ? Quoting.QuoteIdent(table) : Quoting.QuoteIdent(options.Schema) + "." + Quoting.QuoteIdent(table);

    private string Target => Qualified(options.Table);

    private string Progress => Qualified(ProgressTable);

    /// <summary>Creates the progress table, and the target when <c>create_table</c> is on; both only when missing.</summary>
    private async Task PrepareAsync(NpgsqlConnection connection, CancellationToken token)
    {
        var sql = new StringBuilder();
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(Progress)
            .Append(" (sink text PRIMARY KEY, last_epoch bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
        await ExecuteIgnoringRacesAsync(connection, sql.ToString(), token);
        if (!options.CreateTable)
            return;
        sql.Clear().Append("CREATE TABLE IF NOT EXISTS ").Append(Target).Append(" (");
        for (int c = 0; c < schema.Count; c++)
        {
            if (c > 0)
                sql.Append(", ");
            sql.Append(Quoting.QuoteIdent(schema[c].Name)).Append(' ').Append(TypeName(schema[c].Type));
        }
        if (keyColumns.Length > 0)
            sql.Append(", PRIMARY KEY (").Append(string.Join(", ", keyColumns.Select(k => Quoting.QuoteIdent(schema[k].Name)))).Append(')');
        sql.Append(')');
        await ExecuteIgnoringRacesAsync(connection, sql.ToString(), token);
    }

    /// <summary>CREATE TABLE IF NOT EXISTS can still fail when another session creates the table at the same instant.</summary>
    private static async Task ExecuteIgnoringRacesAsync(NpgsqlConnection connection, string sql, CancellationToken token)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(token);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
        {
        }
    }

    private static string TypeName(DataType type) => type.Kind == TypeKind.Unknown ? "text" : type.ToString();

    /// <summary>One transaction: the epochs above the recorded progress, then the progress row.</summary>
    private async Task ApplyAsync(NpgsqlConnection connection, List<EpochChanges> epochs, CancellationToken token)
    {
        await using var transaction = await connection.BeginTransactionAsync(token);
        long applied = -1;
        await using (var read = new NpgsqlCommand($"SELECT last_epoch FROM {Progress} WHERE sink = @sink FOR UPDATE", connection, transaction))
        {
            read.Parameters.AddWithValue("sink", name);
            if (await read.ExecuteScalarAsync(token) is long last)
                applied = last;
        }
        var fresh = epochs.Where(e => e.Epoch > applied).ToList();
        if (fresh.Count == 0)
        {
            await transaction.RollbackAsync(token);
            Interlocked.Exchange(ref appliedEpoch, applied);
            return;
        }

        if (keyColumns.Length > 0)
        {
            var (deletes, inserts) = ConsolidateByKey(fresh);
            await DeleteKeysAsync(connection, transaction, deletes, token);
            await InsertAsync(connection, transaction, inserts, token);
        }
        else
        {
            await InsertAsync(connection, transaction, Appended(fresh), token);
        }

        var epoch = fresh[^1].Epoch;
        await using (var progress = new NpgsqlCommand(
            $"INSERT INTO {Progress} (sink, last_epoch, updated_at) VALUES (@sink, @epoch, now()) " +
            "ON CONFLICT (sink) DO UPDATE SET last_epoch = EXCLUDED.last_epoch, updated_at = EXCLUDED.updated_at", connection, transaction))
        {
            progress.Parameters.AddWithValue("sink", name);
            progress.Parameters.AddWithValue("epoch", epoch);
            await progress.ExecuteNonQueryAsync(token);
        }
        await transaction.CommitAsync(token);
        Interlocked.Exchange(ref appliedEpoch, epoch);
    }

    /// <summary>
    /// The keys to delete (every key a change touched) and the rows to insert (each touched key's row
    /// after the last epoch that touched it, when it has one). Within an epoch the changes of a row
    /// are summed first, so the order of a retraction and an insertion in one epoch does not matter.
    /// </summary>
    private (List<string?[]> Deletes, List<string?[]> Inserts) ConsolidateByKey(List<EpochChanges> epochs)
    {
        var final = new Dictionary<string?[], string?[]?>(new TextRowComparer());
        var net = new Dictionary<string?[], int>(new TextRowComparer());
        foreach (var epoch in epochs)
        {
            net.Clear();
            foreach (var (values, weight) in epoch.Rows)
                net[values] = net.GetValueOrDefault(values) + weight;
            var touched = new Dictionary<string?[], string?[]?>(new TextRowComparer());
            foreach (var (values, weight) in net)
            {
                var key = KeyOf(values);
                if (weight > 0)
                    touched[key] = values;
                else if (weight < 0)
                    touched.TryAdd(key, null);
            }
            foreach (var (key, row) in touched)
                final[key] = row;
        }
        return ([.. final.Keys], [.. final.Values.Where(r => r is not null).Select(r => r!)]);
    }

    private string?[] KeyOf(string?[] values)
    {
        var key = new string?[keyColumns.Length];
        for (int k = 0; k < key.Length; k++)
            key[k] = values[keyColumns[k]];
        return key;
    }

    /// <summary>An append-only query's rows, each as often as its net weight in its epoch.</summary>
    private static List<string?[]> Appended(List<EpochChanges> epochs)
    {
        var rows = new List<string?[]>();
        var net = new Dictionary<string?[], int>(new TextRowComparer());
        foreach (var epoch in epochs)
        {
            net.Clear();
            foreach (var (values, weight) in epoch.Rows)
                net[values] = net.GetValueOrDefault(values) + weight;
            foreach (var (values, weight) in net)
                for (int n = 0; n < weight; n++)
                    rows.Add(values);
        }
        return rows;
    }

    private async Task DeleteKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string?[]> keys, CancellationToken token)
    {
        var columns = keyColumns.Select(k => Quoting.QuoteIdent(schema[k].Name)).ToArray();
        var casts = keyColumns.Select((k, i) => $"u.k{i}::{TypeName(schema[k].Type)}");
        var sql = $"DELETE FROM {Target} WHERE ({string.Join(", ", columns)}) IN (SELECT {string.Join(", ", casts)} " +
            $"FROM unnest({string.Join(", ", keyColumns.Select((_, i) => $"@k{i}"))}) AS u({string.Join(", ", keyColumns.Select((_, i) => $"k{i}"))}))";
        await SendInChunksAsync(connection, transaction, sql, keys, keyColumns.Length, "k", token);
    }

    private async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<string?[]> rows, CancellationToken token)
    {
        var columns = Enumerable.Range(0, schema.Count).Select(c => Quoting.QuoteIdent(schema[c].Name));
        var casts = Enumerable.Range(0, schema.Count).Select(c => $"u.c{c}::{TypeName(schema[c].Type)}");
        var sql = $"INSERT INTO {Target} ({string.Join(", ", columns)}) SELECT {string.Join(", ", casts)} " +
            $"FROM unnest({string.Join(", ", Enumerable.Range(0, schema.Count).Select(c => $"@c{c}"))}) AS u({string.Join(", ", Enumerable.Range(0, schema.Count).Select(c => $"c{c}"))})";
        await SendInChunksAsync(connection, transaction, sql, rows, schema.Count, "c", token);
    }

    /// <summary>Runs <paramref name="sql"/> once per chunk of rows, each column passed as a text array parameter.</summary>
    private static async Task SendInChunksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql,
        List<string?[]> rows, int width, string prefix, CancellationToken token)
    {
        for (int start = 0; start < rows.Count; start += RowsPerStatement)
        {
            int count = Math.Min(RowsPerStatement, rows.Count - start);
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            for (int c = 0; c < width; c++)
            {
                var column = new string?[count];
                for (int r = 0; r < count; r++)
                    column[r] = rows[start + r][c];
                command.Parameters.Add(new NpgsqlParameter(prefix + c, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = column });
            }
            await command.ExecuteNonQueryAsync(token);
        }
    }

    private sealed record EpochChanges(long Epoch)
    {
        public List<(string?[] Values, int Weight)> Rows { get; } = [];
    }

    /// <summary>Rows of text values compared by value (NULL equal to NULL), for consolidation.</summary>
    private sealed class TextRowComparer : IEqualityComparer<string?[]>
    {
        public bool Equals(string?[]? x, string?[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y, StringComparer.Ordinal));

        public int GetHashCode(string?[] row)
        {
            var hash = new HashCode();
            foreach (var value in row)
                hash.Add(value, StringComparer.Ordinal);
            return hash.ToHashCode();
        }
    }
}
