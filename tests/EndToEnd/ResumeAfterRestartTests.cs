using Npgsql;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// <c>SUBSCRIBE ... WITH (SINCE = e)</c> across a kill -9: the changes a subscribed view kept are
/// in its checkpoints, and the epochs after the last checkpoint run again with their numbers, so a
/// client that read up to epoch e before the crash resumes after it with the same epochs and rows,
/// nothing missing and nothing repeated.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class ResumeAfterRestartTests(ServerBuild build)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_subscriber_resumes_after_a_restart_where_it_stopped_reading()
    {
        using var dir = new TempDirectory();
        var seen = new List<string>();
        long firstEpoch;
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.2))
        {
            using var writer = server.Connect();
            using var subscriber = server.Connect();
            var (command, reader) = await CreateAndSubscribeAsync(writer, subscriber);
            await using var _ = command;
            var snapshot = await NextAsync(reader);
            Assert.EndsWith(" +1 0 zero", snapshot);
            firstEpoch = long.Parse(snapshot.Split(' ')[0]);

            // Two epochs a checkpoint will cover, then two after it (the kill follows at once).
            Execute(writer, "INSERT INTO items VALUES (1, 'a')");
            Execute(writer, "INSERT INTO items VALUES (2, 'b')");
            seen.Add(await NextAsync(reader));
            seen.Add(await NextAsync(reader));
            await Task.Delay(1000);
            Execute(writer, "DELETE FROM items WHERE id = 1");
            Execute(writer, "INSERT INTO items VALUES (3, 'c')");
            seen.Add(await NextAsync(reader));
            seen.Add(await NextAsync(reader));
            await KillUnderAsync(server, reader);
        }

        Assert.Equal([" +1 1 a", " +1 2 b", " -1 1 a", " +1 3 c"], seen.Select(s => s[s.IndexOf(' ')..]));
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.2))
        {
            Assert.True(server.PgPort > 0, server.Output);
            using var writer = server.Connect();
            using var subscriber = server.Connect();

            // Resuming after the snapshot's epoch: the four changes again, with their epochs.
            await using (var command = new NpgsqlCommand($"SUBSCRIBE all_items WITH (SNAPSHOT = false, SINCE = {firstEpoch})", subscriber))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                var resumed = new List<string>();
                for (int i = 0; i < 4; i++)
                    resumed.Add(await NextAsync(reader));
                Assert.Equal(seen, resumed);

                // Then what happens now, under a number above every one before.
                Execute(writer, "INSERT INTO items VALUES (4, 'd')");
                var next = await NextAsync(reader);
                Assert.EndsWith(" +1 4 d", next);
                Assert.True(long.Parse(next.Split(' ')[0]) > long.Parse(seen[^1].Split(' ')[0]));
                command.Cancel();
            }

            // Resuming after the third change gives the fourth only.
            using var again = server.Connect();
            Assert.Equal([seen[3]], await ResumeAsync(again, long.Parse(seen[2].Split(' ')[0]), rows: 1));

            // Before the first subscription nothing was kept: a clear error.
            using var early = server.Connect();
            var error = Assert.Throws<PostgresException>(() =>
            {
                using var command = new NpgsqlCommand($"SUBSCRIBE all_items WITH (SNAPSHOT = false, SINCE = {firstEpoch - 1})", early);
                using var reader = command.ExecuteReader();
                reader.Read();
            });
            Assert.Equal("55000", error.SqlState);
            Assert.Contains($"cannot resume after epoch {firstEpoch - 1}: it is no longer retained", error.MessageText);
        }
    }

    [Fact]
    public async Task A_view_subscribed_for_the_first_time_is_checkpointed_at_once()
    {
        // Checkpoints every 30 s: the kill comes long before the next regular one. The first
        // subscription of a view asks for a checkpoint at once, so its kept changes survive.
        using var dir = new TempDirectory();
        var seen = new List<string>();
        long firstEpoch;
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 30))
        {
            using var writer = server.Connect();
            using var subscriber = server.Connect();
            var (command, reader) = await CreateAndSubscribeAsync(writer, subscriber);
            await using var _ = command;
            firstEpoch = long.Parse((await NextAsync(reader)).Split(' ')[0]);
            var state = Path.Combine(dir.Path, "state");
            for (var deadline = DateTime.UtcNow.AddSeconds(20); !Directory.EnumerateFiles(state, "checkpoint-*.ckpt").Any(); await Task.Delay(50))
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint after the first subscription\n" + server.Output);
            Execute(writer, "INSERT INTO items VALUES (1, 'a')");
            Execute(writer, "INSERT INTO items VALUES (2, 'b')");
            seen.Add(await NextAsync(reader));
            seen.Add(await NextAsync(reader));
            await KillUnderAsync(server, reader);
        }

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 30))
        {
            Assert.True(server.PgPort > 0, server.Output);
            using var subscriber = server.Connect();
            Assert.Equal(seen, await ResumeAsync(subscriber, firstEpoch, rows: 2));
        }
    }

    /// <summary>Creates the table and its view with one row, and subscribes with a snapshot (whose row is read next).</summary>
    private static async Task<(NpgsqlCommand Command, NpgsqlDataReader Reader)> CreateAndSubscribeAsync(NpgsqlConnection writer, NpgsqlConnection subscriber)
    {
        Execute(writer, """
            CREATE TABLE items (id INT PRIMARY KEY, v TEXT);
            CREATE MATERIALIZED VIEW all_items AS SELECT id, v FROM items;
            INSERT INTO items VALUES (0, 'zero');
            """);
        var command = new NpgsqlCommand("SUBSCRIBE all_items WITH (SNAPSHOT = true)", subscriber);
        return (command, await command.ExecuteReaderAsync());
    }

    /// <summary>kill -9 while the subscription is open: it ends with the process.</summary>
    private static async Task KillUnderAsync(ServerProcess server, NpgsqlDataReader reader)
    {
        server.Kill();
        await Assert.ThrowsAsync<NpgsqlException>(async () => await reader.DisposeAsync());
    }

    /// <summary>The first <paramref name="rows"/> rows of a subscription resumed after <paramref name="since"/>.</summary>
    private static async Task<List<string>> ResumeAsync(NpgsqlConnection connection, long since, int rows)
    {
        await using var command = new NpgsqlCommand($"SUBSCRIBE all_items WITH (SNAPSHOT = false, SINCE = {since})", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var read = new List<string>();
        for (int i = 0; i < rows; i++)
            read.Add(await NextAsync(reader));
        command.Cancel();
        return read;
    }

    /// <summary>The next row as "epoch diff id v".</summary>
    private static async Task<string> NextAsync(NpgsqlDataReader reader)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        Assert.True(await reader.ReadAsync(timeout.Token));
        return $"{reader.GetInt64(0)} {reader.GetInt32(1):+0;-0} {reader.GetInt32(2)} {reader.GetString(3)}";
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
