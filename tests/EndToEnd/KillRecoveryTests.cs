namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// kill -9 at random instants while clients insert rows one by one; after every restart each
/// acknowledged row is in the table exactly once, a row whose INSERT was cut off is there at most
/// once (and stays as it was found), and the views agree with sums computed here.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class KillRecoveryTests(ServerBuild build)
{
    private const int Rounds = 22;
    private const int Clients = 3;

    [Fact]
    public async Task Killed_at_random_instants_every_acknowledged_row_is_counted_exactly_once()
    {
        int seed = Environment.TickCount;
        var random = new Random(seed);
        using var dir = new TempDirectory();
        var known = new HashSet<int>();      // acknowledged, or found after a restart
        var uncertain = new HashSet<int>();  // sent, no acknowledgement before the kill
        var gone = new HashSet<int>();       // sent, not recovered: must never appear
        var sync = new object();
        var errors = new List<string>();    // statements the server refused: none may be
        int nextId = 0;
        int checkpointsLoaded = 0;
        int killsDuringCheckpoint = 0;
        int commitsLoaded = 0;
        for (int round = 0; round <= Rounds; round++)
        {
            // Odd rounds are killed while a checkpoint is written; even rounds checkpoint less often,
            // so that epochs are committed between checkpoints and restored from their epoch logs.
            await using var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: round % 2 == 1 ? 0.05 : 0.2);
            Assert.True(server.PgPort > 0, $"seed {seed}, round {round}: the server did not start:\n{server.Output}");
            using (var connection = server.Connect())
            {
                if (round == 0)
                    Tables.Execute(connection, Tables.Create);
                else
                    Verify(connection, known, uncertain, gone, $"seed {seed}, round {round}:\n{server.Output}");
            }

            if (server.Output.Contains("recovery: loaded checkpoint", StringComparison.Ordinal))
                checkpointsLoaded++;
            if (server.Output.Contains("committed epoch(s) from their epoch logs", StringComparison.Ordinal))
                commitsLoaded++;
            if (round == Rounds)
                break;

            var clients = Enumerable.Range(0, Clients).Select(_ => Task.Run(() =>
            {
                try
                {
                    using var connection = server.Connect();
                    while (true)
                    {
                        int id = Interlocked.Increment(ref nextId);
                        lock (sync)
                            uncertain.Add(id);
                        Tables.Insert(connection, id);
                        lock (sync)
                        {
                            uncertain.Remove(id);
                            known.Add(id);
                        }
                    }
                }
                catch (Npgsql.PostgresException e)
                {
                    lock (sync)
                        errors.Add($"{e.SqlState}: {e.MessageText}");
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or System.IO.IOException or InvalidOperationException or TimeoutException or ObjectDisposedException)
                {
                    // The server was killed under this client.
                }
            })).ToArray();
            await Task.Delay(random.Next(30, 600));
            // Every other round waits for a checkpoint being written (its temporary file exists) and kills then.
            if (round % 2 == 1 && await Checkpoints.InProgressAsync(dir.Path))
                killsDuringCheckpoint++;
            server.Kill();
            await Task.WhenAll(clients);
        }

        Assert.Empty(errors);
        Assert.True(known.Count > Rounds, $"seed {seed}: only {known.Count} rows were acknowledged");
        Assert.True(checkpointsLoaded > 0, $"seed {seed}: no restart recovered from a checkpoint");
        Assert.True(killsDuringCheckpoint > 0, $"seed {seed}: no kill landed while a checkpoint was being written");
        Assert.True(commitsLoaded > 0, $"seed {seed}: no restart restored committed epochs");
    }

    private static void Verify(Npgsql.NpgsqlConnection connection, HashSet<int> known, HashSet<int> uncertain, HashSet<int> gone, string context)
    {
        var ids = Tables.Ids(connection);
        var duplicates = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"rows counted twice: {string.Join(", ", duplicates)}; {context}");
        var present = ids.ToHashSet();
        var missing = known.Where(id => !present.Contains(id)).OrderBy(i => i).ToList();
        Assert.True(missing.Count == 0, $"acknowledged rows lost: {string.Join(", ", missing)}; {context}");
        var unexpected = present.Where(id => !known.Contains(id) && !uncertain.Contains(id)).OrderBy(i => i).ToList();
        Assert.True(unexpected.Count == 0, $"rows that were never sent or were not recovered before: {string.Join(", ", unexpected)}; {context}");
        foreach (var id in uncertain)
        {
            if (present.Contains(id))
                known.Add(id);
            else
                gone.Add(id);
        }

        uncertain.Clear();
        Assert.DoesNotContain(gone, present.Contains);
        Assert.Equal(Tables.ExpectedPerGroup(known), Tables.PerGroup(connection));
        Assert.Equal(known.Count, Tables.Total(connection));
    }
}
