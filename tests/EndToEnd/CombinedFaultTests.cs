using System.Text.Json;
using Npgsql;
using StreamSql.Server.Tests.Support;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// The durability contract end to end: a real server process is killed (SIGKILL) at random instants,
/// some of them while a checkpoint is being written and some while a compaction runs in the
/// background, while a client inserts rows one by one and
/// files arrive in a directory source's folder. The data flows into a view, two file sinks and three
/// sinks into a real PostgreSQL (one without a key, which only appends). After every restart and at the end, computed independently here:
/// every acknowledged row and every file's records are counted exactly once in the view, in the file
/// sinks' published output and in the PostgreSQL tables, and a row whose INSERT was cut off is there
/// at most once.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class CombinedFaultTests(ServerBuild build)
{
    private const int Rounds = 20;
    private const int RecordsPerFile = 20;

    [Fact]
    public async Task Killed_twenty_times_every_row_and_record_is_counted_once_in_the_view_the_files_and_postgres()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        await using var postgres = await PostgresInstance.StartAsync();
        var input = Path.Combine(dir.Path, "incoming");
        var fileOut = Path.Combine(dir.Path, "out-files");
        var insOut = Path.Combine(dir.Path, "out-ins");
        Directory.CreateDirectory(input);

        var known = new HashSet<long>();      // rows acknowledged, or found after a restart
        var uncertain = new HashSet<long>();  // sent, cut off before the acknowledgement
        var gone = new HashSet<long>();       // cut off and not recovered: must never appear
        var fileIds = new List<long>();       // every record written to the directory
        var sync = new object();
        var errors = new List<string>();
        long nextRow = 0, nextRecord = 1_000_000;
        int nextFile = 0, killsDuringCheckpoint = 0, killsDuringCompaction = 0;

        for (int round = 0; round <= Rounds; round++)
        {
            await using var server = await ServerProcess.StartAsync(build, Path.Combine(dir.Path, "data"), checkpointSeconds: 0.05);
            var context = $"seed {seed}, round {round}";
            Assert.True(server.PgPort > 0, $"{context}: the server did not start:\n{server.Output}");
            using (var connection = server.Connect())
            {
                if (round == 0)
                {
                    Execute(connection, $"""
                        CREATE TABLE ins (id BIGINT PRIMARY KEY);
                        CREATE SOURCE ev (id BIGINT) WITH (connector = 'directory', path = '{input}', pattern = '*.json') FORMAT JSON;
                        CREATE VIEW everything AS SELECT 'ins' AS origin, id FROM ins UNION ALL SELECT 'file' AS origin, id FROM ev;
                        CREATE MATERIALIZED VIEW counted AS SELECT origin, count(*) AS n, sum(id) AS s FROM everything GROUP BY origin;
                        CREATE SINK counted_pg FROM counted WITH (connector = 'postgres', url = 'postgres://postgres@127.0.0.1:{postgres.Port}/postgres',
                            table = 'counted', primary_key = 'origin', create_table = 'true');
                        CREATE SINK ids_pg FROM everything WITH (connector = 'postgres', url = 'postgres://postgres@127.0.0.1:{postgres.Port}/postgres',
                            table = 'ids', primary_key = 'origin, id', create_table = 'true');
                        CREATE SINK ev_pg AS SELECT id FROM ev WITH (connector = 'postgres', url = 'postgres://postgres@127.0.0.1:{postgres.Port}/postgres',
                            table = 'ev_log', create_table = 'true');
                        CREATE SINK files_out AS SELECT id FROM ev WITH (connector = 'file', path = '{fileOut}') FORMAT JSON;
                        CREATE SINK ins_out FROM ins WITH (connector = 'file', path = '{insOut}') FORMAT JSON;
                        """);
                }
                else
                {
                    ResolveUncertain(connection, known, uncertain, gone, context);
                    // Published file output never holds a record twice, at any instant.
                    AssertNoDuplicates(PublishedIds(fileOut), $"{context}: file sink files_out");
                    AssertNoDuplicates(PublishedIds(insOut), $"{context}: file sink ins_out");
                }
            }

            if (round == Rounds)
                break;

            using var stop = new CancellationTokenSource();
            var inserter = Task.Run(() =>
            {
                try
                {
                    using var connection = server.Connect();
                    while (!stop.IsCancellationRequested)
                    {
                        long id = Interlocked.Increment(ref nextRow);
                        lock (sync)
                            uncertain.Add(id);
                        Execute(connection, $"INSERT INTO ins VALUES ({id})");
                        lock (sync)
                        {
                            uncertain.Remove(id);
                            known.Add(id);
                        }
                    }
                }
                catch (PostgresException e)
                {
                    lock (sync)
                        errors.Add($"{context}: {e.SqlState}: {e.MessageText}");
                }
                catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException or TimeoutException or ObjectDisposedException)
                {
                    // The server was killed under this client.
                }
            });

            // Files arrive, written under a temporary name and renamed, while the server runs.
            var killAt = DateTime.UtcNow.AddMilliseconds(random.Next(50, 600));
            while (DateTime.UtcNow < killAt)
            {
                var lines = new List<string>();
                for (int r = 0; r < RecordsPerFile; r++)
                {
                    long id = ++nextRecord;
                    fileIds.Add(id);
                    lines.Add($"{{\"id\": {id}}}");
                }
                var name = $"part-{nextFile++:D5}.json";
                var temp = Path.Combine(input, "." + name + ".tmp");
                await File.WriteAllLinesAsync(temp, lines);
                File.Move(temp, Path.Combine(input, name));
                await Task.Delay(random.Next(5, 80));
            }

            if (round % 4 == 1 && await Checkpoints.InProgressAsync(Path.Combine(dir.Path, "data")))
                killsDuringCheckpoint++;
            if (round % 4 == 3 && await Checkpoints.CompactingAsync(server))
                killsDuringCompaction++;
            server.Kill();
            stop.Cancel();
            await inserter;
        }

        Assert.Empty(errors);
        Assert.True(known.Count > Rounds, $"seed {seed}: only {known.Count} rows were acknowledged");
        Assert.True(killsDuringCheckpoint > 0, $"seed {seed}: no kill landed while a checkpoint was being written");
        Assert.True(killsDuringCompaction > 0, $"seed {seed}: no kill landed while a compaction ran");

        // The last server runs until everything is read, checkpointed and in PostgreSQL.
        await using var last = await ServerProcess.StartAsync(build, Path.Combine(dir.Path, "data"), checkpointSeconds: 0.05);
        var final = $"seed {seed}, final";
        using var check = last.Connect();
        ResolveUncertain(check, known, uncertain, gone, final);
        var expected = new[]
        {
            $"file|{fileIds.Count}|{fileIds.Sum()}",
            $"ins|{known.Count}|{known.Sum()}",
        };
        Assert.Equal(expected, await WaitForAsync(() => Query(check, "SELECT origin, n, s FROM counted ORDER BY origin"), expected, final + ": view counted"));
        Assert.Equal(expected, await WaitForAsync(() => Query(postgres, "SELECT origin, n, s FROM counted ORDER BY origin"), expected, final + ": PostgreSQL table counted"));

        var expectedIds = fileIds.Select(id => "file|" + id).Concat(known.Select(id => "ins|" + id)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedIds, await WaitForAsync(
            () => Query(postgres, "SELECT origin || '|' || id FROM ids").Order(StringComparer.Ordinal).ToArray(), expectedIds, final + ": PostgreSQL table ids"));

        var expectedFiles = fileIds.Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // A sink without a key only appends: it is exact because epochs run again after a crash are
        // the same epochs (the epoch log), which its progress row then skips.
        Assert.Equal(expectedFiles, await WaitForAsync(
            () => Query(postgres, "SELECT id FROM ev_log").Select(long.Parse).Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            expectedFiles, final + ": PostgreSQL table ev_log (no key)"));
        Assert.Equal(expectedFiles, await WaitForAsync(
            () => PublishedIds(fileOut).Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), expectedFiles, final + ": file sink files_out"));
        var expectedRows = known.Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expectedRows, await WaitForAsync(
            () => PublishedIds(insOut).Order().Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), expectedRows, final + ": file sink ins_out"));
    }

    /// <summary>Rows whose INSERT was cut off are decided by what the restarted server has; acknowledged rows must all be there, once.</summary>
    private static void ResolveUncertain(NpgsqlConnection connection, HashSet<long> known, HashSet<long> uncertain, HashSet<long> gone, string context)
    {
        var present = Query(connection, "SELECT id FROM ins").Select(long.Parse).ToList();
        AssertNoDuplicates(present, context + ": table ins");
        var set = present.ToHashSet();
        var missing = known.Where(id => !set.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{context}: acknowledged rows lost: {string.Join(", ", missing)}");
        foreach (var id in uncertain)
        {
            if (set.Contains(id))
                known.Add(id);
            else
                gone.Add(id);
        }
        uncertain.Clear();
        var unexpected = set.Where(id => !known.Contains(id)).ToList();
        Assert.True(unexpected.Count == 0, $"{context}: rows that were never acknowledged or were not recovered before: {string.Join(", ", unexpected)}");
    }

    private static void AssertNoDuplicates(IEnumerable<long> ids, string context)
    {
        var twice = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Take(20).ToList();
        Assert.True(twice.Count == 0, $"{context}: counted more than once: {string.Join(", ", twice)}");
    }

    /// <summary>The ids in a file sink's published folders (hidden staged and temporary folders are not published).</summary>
    private static List<long> PublishedIds(string folder)
    {
        var ids = new List<long>();
        if (!Directory.Exists(folder))
            return ids;
        foreach (var epoch in Directory.EnumerateDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            foreach (var part in Directory.EnumerateFiles(epoch))
            {
                foreach (var line in File.ReadLines(part))
                {
                    using var record = JsonDocument.Parse(line);
                    if (record.RootElement.TryGetProperty("diff", out var diff) && diff.GetInt32() != 1)
                        throw new InvalidOperationException($"a retraction in {part}: {line}");
                    ids.Add(record.RootElement.GetProperty("id").GetInt64());
                }
            }
        }
        return ids;
    }

    private static async Task<T[]> WaitForAsync<T>(Func<IEnumerable<T>> read, T[] expected, string context)
    {
        T[] last = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            try
            {
                last = [.. read()];
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                continue;
            }
            if (last.SequenceEqual(expected))
                return last;
        }
        Assert.Fail($"{context}: expected {expected.Length} rows, found {last.Length}; first differences: " +
            string.Join(", ", expected.Except(last).Take(5)) + " missing, " + string.Join(", ", last.Except(expected).Take(5)) + " extra");
        return last;
    }

    private static List<string> Query(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static List<string> Query(PostgresInstance postgres, string sql)
    {
        using var connection = new NpgsqlConnection(postgres.ConnectionString);
        connection.Open();
        return Query(connection, sql);
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
