using System.Text.RegularExpressions;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// A corrupted checkpoint: recovery falls back to the previous one (a full snapshot and its deltas)
/// plus the table log, and says so.
/// </summary>
[Collection(ServerBuildCollection.Name)]
public sealed class CheckpointTests(ServerBuild build)
{
    [Fact]
    public async Task A_corrupted_newest_checkpoint_falls_back_to_the_previous_one()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.2))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            for (int id = 1; id <= 3; id++)
                Tables.Insert(connection, id);
            // Two full snapshots (the deltas in between soon outweigh half of this small state).
            await WaitForCheckpointsAsync(dir.Path, 2, ".ckpt");
            // Kill once a full snapshot covers ids 4 and 5: the chain before it does not, so falling
            // back to that needs the table log for them.
            long before = Sequences(dir.Path).Max();
            Tables.Insert(connection, 4);
            Tables.Insert(connection, 5);
            for (var deadline = DateTime.UtcNow.AddSeconds(30); Sequences(dir.Path, ".ckpt").Max() < before + 2; await Task.Delay(5))
                Assert.True(DateTime.UtcNow < deadline, "no full checkpoint after the inserts");
            server.Kill();
        }

        var newest = Directory.GetFiles(Path.Combine(dir.Path, "state"), "checkpoint-*.ckpt").Order(StringComparer.Ordinal).Last();
        var previous = Sequences(dir.Path).Where(s => s < Sequence(newest)).Max();
        var bytes = File.ReadAllBytes(newest);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(newest, bytes);

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.2))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Contains($"checkpoint {Path.GetFileName(newest)} is corrupt (checksum mismatch); falling back to the previous checkpoint", server.Output);
            // The newest state left is the last file before the damaged one: a delta, unless a full snapshot followed a full one.
            Assert.Contains($"recovery: loaded checkpoint ", server.Output);
            Assert.Contains($"{previous:D20}", server.Output[server.Output.IndexOf("recovery: loaded checkpoint", StringComparison.Ordinal)..].Split('\n')[0]);
            using var connection = server.Connect();
            Assert.Equal([1, 2, 3, 4, 5], Tables.Ids(connection).Order());
            Assert.Equal(Tables.ExpectedPerGroup([1, 2, 3, 4, 5]), Tables.PerGroup(connection));
            Assert.Equal(5, Tables.Total(connection));
        }
    }

    [Fact]
    public async Task Deltas_are_compacted_in_the_background_and_a_kill_after_it_loses_nothing()
    {
        using var dir = new TempDirectory();
        var ids = new List<int>();
        string compacted;
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.1))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            // A state of some size (in a tiny one every delta outweighs the full snapshot, which is then written instead).
            Tables.Execute(connection, "INSERT INTO t SELECT g, g % 7 FROM generate_series(1, 2000) AS g");
            ids.AddRange(Enumerable.Range(1, 2000));
            // Rows until the deltas reach a quarter of the full snapshot or twenty of them: a compaction follows.
            int id = 2000, before = server.Output.Length;
            for (var deadline = DateTime.UtcNow.AddSeconds(30); !server.Output[before..].Contains("checkpoint: compacted", StringComparison.Ordinal); await Task.Delay(20))
            {
                Assert.True(DateTime.UtcNow < deadline, "no compaction within 30 s:\n" + server.Output);
                Tables.Insert(connection, ++id);
                ids.Add(id);
            }

            for (int i = 0; i < 5; i++)
            {
                Tables.Insert(connection, ++id);
                ids.Add(id);
            }

            server.Kill();
        }

        // A compacted snapshot lies beside the delta whose state it holds.
        compacted = Files(dir.Path, ".ckpt").Where(f => File.Exists(Path.ChangeExtension(f, ".delta"))).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new Xunit.Sdk.XunitException("no compacted snapshot beside its delta: " + string.Join(", ", Files(dir.Path).Select(Path.GetFileName)));
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Matches(@"recovery: loaded checkpoint checkpoint-\d+\.ckpt", server.Output);
            using var connection = server.Connect();
            Assert.Equal(ids, Tables.Ids(connection).Order());
            Assert.Equal(Tables.ExpectedPerGroup(ids), Tables.PerGroup(connection));
        }

        // Without the compacted snapshot the delta it stands for still rebuilds the same state.
        foreach (var file in Files(dir.Path, ".ckpt").Where(f => Sequence(f) >= Sequence(compacted)))
            File.WriteAllBytes(file, [1, 2, 3]);
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Contains("is corrupt (bad header)", server.Output);
            using var connection = server.Connect();
            Assert.Equal(ids, Tables.Ids(connection).Order());
            Assert.Equal(Tables.ExpectedPerGroup(ids), Tables.PerGroup(connection));
        }
    }

    [Fact]
    public async Task No_intact_checkpoint_left_refuses_to_start()
    {
        using var dir = new TempDirectory();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0.1))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            Tables.Insert(connection, 1);
            await WaitForCheckpointsAsync(dir.Path, 2);
            server.Kill();
        }

        foreach (var file in Files(dir.Path))
            File.WriteAllBytes(file, [1, 2, 3]);

        await using var again = await ServerProcess.StartAsync(build, dir.Path);
        await again.WaitForExitAsync();
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is corrupt (bad header)", again.Output);
        Assert.Contains("no intact checkpoint in", again.Output);
        Assert.Contains("the state cannot be recovered", again.Output);
    }

    [Fact]
    public async Task Epochs_committed_after_a_checkpoint_are_restored_instead_of_run_again()
    {
        using var dir = new TempDirectory();
        var ids = Enumerable.Range(1, 20).ToList();
        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 5))
        {
            using var connection = server.Connect();
            Tables.Execute(connection, Tables.Create);
            // Epochs are committed to the epoch log of the checkpoint before them: wait for the one
            // the DDL asks for a second later (after the one taken at the start; a checkpoint's line
            // is written once it is saved).
            for (var deadline = DateTime.UtcNow.AddSeconds(30); Regex.Count(server.Output, "checkpoint: epoch") < 2; await Task.Delay(5))
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint after the DDL within 30 s:\n" + server.Output);
            int before = server.Output.Length;
            foreach (var id in ids)
                Tables.Insert(connection, id);
            // The epoch log is created by the first commit after the checkpoint.
            var state = Path.Combine(dir.Path, "state");
            for (var deadline = DateTime.UtcNow.AddSeconds(20); !Directory.GetFiles(state, "checkpoint-*.epochs").Any(f => new FileInfo(f).Length > 0); await Task.Delay(5))
                Assert.True(DateTime.UtcNow < deadline, "no epoch was committed");
            server.Kill();
            // The next checkpoint was 4 s away: the inserts are in commits only.
            Assert.DoesNotContain("checkpoint: epoch", server.Output[before..]);
        }

        await using (var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 0))
        {
            Assert.True(server.PgPort > 0, server.Output);
            Assert.Matches(@"recovery: loaded checkpoint checkpoint-\d+\.ckpt and \d+ committed epoch\(s\) from their epoch logs, up to epoch \d+", server.Output);
            // The table changes the committed epochs took are in the restored state, not applied again.
            var replayed = System.Text.RegularExpressions.Regex.Match(server.Output, @"replayed \d+ DDL statement\(s\), (\d+) table change\(s\)");
            Assert.True(replayed.Success, server.Output);
            Assert.InRange(int.Parse(replayed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0, ids.Count - 1);
            using var connection = server.Connect();
            Assert.Equal(ids, Tables.Ids(connection).Order());
            Assert.Equal(Tables.ExpectedPerGroup(ids), Tables.PerGroup(connection));
            Assert.Equal(ids.Count, Tables.Total(connection));
        }
    }

    [Fact]
    public async Task A_checkpoint_follows_the_start_at_once_and_ddl_within_a_second_so_that_epochs_are_committed()
    {
        using var dir = new TempDirectory();
        // Regular checkpoints an hour apart: what follows comes from the start and the DDL.
        await using var server = await ServerProcess.StartAsync(build, dir.Path, checkpointSeconds: 3600);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Regex.Count(server.Output, "checkpoint: epoch") < 1; await Task.Delay(5))
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint at the start:\n" + server.Output);
        using var connection = server.Connect();
        Tables.Execute(connection, Tables.Create);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Regex.Count(server.Output, "checkpoint: epoch") < 2; await Task.Delay(5))
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint after the DDL:\n" + server.Output);
        // The DDL created relations: that checkpoint is a full snapshot, and epochs are committed after it.
        Assert.Contains("full snapshot", server.Output.Split('\n').Last(l => l.StartsWith("checkpoint: epoch", StringComparison.Ordinal)));
        Tables.Insert(connection, 1);
        var state = Path.Combine(dir.Path, "state");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !Directory.GetFiles(state, "checkpoint-*.epochs").Any(f => new FileInfo(f).Length > 0); await Task.Delay(5))
            Assert.True(DateTime.UtcNow < deadline, "no epoch was committed:\n" + server.Output);
    }

    /// <summary>Checkpoint files: full snapshots (.ckpt) and deltas (.delta), or one of the two.</summary>
    private static IEnumerable<string> Files(string dataDir, string? extension = null) =>
        Directory.GetFiles(Path.Combine(dataDir, "state"), "checkpoint-*")
            .Where(f => extension is null ? f.EndsWith(".ckpt", StringComparison.Ordinal) || f.EndsWith(".delta", StringComparison.Ordinal) : f.EndsWith(extension, StringComparison.Ordinal));

    private static long Sequence(string file) =>
        long.Parse(Path.GetFileNameWithoutExtension(file).AsSpan("checkpoint-".Length), System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<long> Sequences(string dataDir, string? extension = null) => Files(dataDir, extension).Select(Sequence);

    private static async Task WaitForCheckpointsAsync(string dataDir, int count, string? extension = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Sequences(dataDir, extension).Count() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "no checkpoints were written");
            await Task.Delay(20);
        }
    }
}
