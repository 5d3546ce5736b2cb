using System.Diagnostics;
using Npgsql;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// A data directory on a small tmpfs that fills up: DML fails with SQLSTATE 53100 and a clear
/// message, nothing acknowledged is lost (also across a kill -9), reads go on, and writes work again
/// once there is space (the tmpfs is grown). Mounting needs root, which tests/run.sh has on CI.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class FullDiskTests(ServerBuild build)
{
    private static readonly string Filler = new('x', 64 * 1024);

    [RootFact]
    public async Task A_full_disk_fails_dml_with_53100_loses_nothing_acknowledged_and_recovers_when_space_returns()
    {
        await OnSmallTmpfsAsync(async data =>
        {
            var acknowledged = new List<int>();
            await using (var server = await ServerProcess.StartAsync(build, data, checkpointSeconds: 3600))
            {
                Assert.True(server.PgPort > 0, server.Output);
                using var connection = server.Connect();
                Execute(connection, "CREATE TABLE blobs (id INT PRIMARY KEY, body TEXT)");
                PostgresException? full = null;
                for (int id = 1; id <= 1000 && full is null; id++)
                {
                    try
                    {
                        Execute(connection, $"INSERT INTO blobs VALUES ({id}, '{Filler}')");
                        acknowledged.Add(id);
                    }
                    catch (PostgresException e)
                    {
                        full = e;
                    }
                }

                Assert.NotNull(full);
                Assert.Equal("53100", full.SqlState);
                Assert.Equal("ERROR", full.Severity);
                Assert.Contains("no space left on device; nothing of this statement was applied", full.MessageText);
                Assert.Contains("free space", full.Hint);
                Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} rows fit");

                // Npgsql drops a connection after an error of class 53 (insufficient resources), as it
                // would with PostgreSQL; the server carries on. Still full: the next write fails the same
                // way, and reads work.
                using var second = server.Connect();
                var again = Assert.Throws<PostgresException>(() => Execute(second, $"INSERT INTO blobs VALUES (5000, '{Filler}')"));
                Assert.Equal("53100", again.SqlState);
                using var third = server.Connect();
                Assert.Equal(acknowledged.Count, Count(third));

                // Space returns: writes work again.
                Run("mount", "-o", "remount,size=64m", data);
                Execute(third, "INSERT INTO blobs VALUES (6000, 'after')");
                acknowledged.Add(6000);
                Assert.Equal(acknowledged.Count, Count(third));
                server.Kill();
            }

            // After a kill -9 every acknowledged row is back, and none of the refused ones.
            await AssertRowsAfterRestartAsync(data, acknowledged);
        });
    }

    [RootFact]
    public async Task Commits_and_checkpoints_on_a_full_disk_fail_without_losing_anything_and_resume_when_space_returns()
    {
        await OnSmallTmpfsAsync(async data =>
        {
            var acknowledged = new List<int>();
            await using (var server = await ServerProcess.StartAsync(build, data, checkpointSeconds: 0.5))
            {
                Assert.True(server.PgPort > 0, server.Output);
                using var connection = server.Connect();
                Execute(connection, "CREATE TABLE blobs (id INT PRIMARY KEY, body TEXT)");
                for (var deadline = DateTime.UtcNow.AddSeconds(30); !server.Output.Contains("checkpoint: epoch", StringComparison.Ordinal); await Task.Delay(5))
                    Assert.True(DateTime.UtcNow < deadline, "no checkpoint within 30 s:\n" + server.Output);
                // Rows until the disk is full; epochs are committed meanwhile, and checkpoints saved.
                var conn = connection;
                for (int id = 1, refused = 0; id <= 2000 && refused < 3; id++)
                {
                    try
                    {
                        Execute(conn, $"INSERT INTO blobs VALUES ({id}, '{Filler}')");
                        acknowledged.Add(id);
                    }
                    catch (PostgresException e)
                    {
                        Assert.Equal("53100", e.SqlState);
                        refused++;
                        // Npgsql drops the connection after an error of class 53.
                        conn = server.Connect();
                        await Task.Delay(600);
                    }
                }

                Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} rows fit");
                // The server says what it could not write; it did not stop.
                for (var deadline = DateTime.UtcNow.AddSeconds(30); !server.Output.Contains("no space left on device", StringComparison.OrdinalIgnoreCase); await Task.Delay(20))
                    Assert.True(DateTime.UtcNow < deadline, "no failure reported:\n" + server.Output);

                // Space returns: rows are acknowledged again, a checkpoint is saved and epochs are committed after it.
                Run("mount", "-o", "remount,size=256m", data);
                int before = server.Output.Length;
                using var after = server.Connect();
                for (int id = 5000; id < 5020; id++)
                {
                    Execute(after, $"INSERT INTO blobs VALUES ({id}, 'after')");
                    acknowledged.Add(id);
                }

                for (var deadline = DateTime.UtcNow.AddSeconds(30); !server.Output[before..].Contains("checkpoint: epoch", StringComparison.Ordinal); await Task.Delay(20))
                    Assert.True(DateTime.UtcNow < deadline, "no checkpoint after space returned:\n" + server.Output);
                Execute(after, "INSERT INTO blobs VALUES (6000, 'last')");
                acknowledged.Add(6000);
                Assert.Equal(acknowledged.Count, Count(after));
                server.Kill();
                // A commit that failed stopped commits until a checkpoint, a full snapshot, was saved.
                var output = server.Output;
                int failed = output.IndexOf("epoch commit failed", StringComparison.Ordinal);
                if (failed >= 0)
                    Assert.Matches("checkpoint: epoch \\d+, full snapshot", output[failed..]);
                // A checkpoint that could not be written left no partial file behind.
                Assert.Empty(Directory.GetFiles(Path.Combine(data, "state"), "*.tmp"));
            }

            await AssertRowsAfterRestartAsync(data, acknowledged);
        });
    }

    /// <summary>Runs <paramref name="test"/> on a data directory that is an 8 MiB tmpfs (unmounted afterwards).</summary>
    private static async Task OnSmallTmpfsAsync(Func<string, Task> test)
    {
        using var dir = new TempDirectory();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", data);
        try
        {
            await test(data);
        }
        finally
        {
            Run("umount", "-l", data);
        }
    }

    /// <summary>A server started again on <paramref name="data"/> has exactly the acknowledged rows.</summary>
    private async Task AssertRowsAfterRestartAsync(string data, List<int> acknowledged)
    {
        await using var restarted = await ServerProcess.StartAsync(build, data, checkpointSeconds: 3600);
        Assert.True(restarted.PgPort > 0, restarted.Output);
        using var connection = restarted.Connect();
        using var command = new NpgsqlCommand("SELECT id FROM blobs ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var ids = new List<int>();
        while (reader.Read())
            ids.Add(reader.GetInt32(0));
        Assert.Equal(acknowledged, ids);
    }

    private static long Count(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT count(*) FROM blobs", connection);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}

/// <summary>A test that mounts file systems, which needs root: skipped (with the reason) otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
            Skip = "mounts a tmpfs, which needs root (tests/run.sh runs as root on CI)";
    }
}
