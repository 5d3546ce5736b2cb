using System.IO.Hashing;
using StreamSql.Server.Durability;

namespace StreamSql.EndToEnd.Tests;

/// <summary>
/// Checkpoint files in process: full snapshots and the deltas after them (chains), the two newest
/// chains kept, a damaged file skipped with a message and the newest state that can still be built
/// loaded instead.
/// </summary>
public sealed class CheckpointStoreTests
{
    private static string Full(long sequence) => $"checkpoint-{sequence:D20}.ckpt";

    private static string Delta(long sequence) => $"checkpoint-{sequence:D20}.delta";

    private static string Epochs(long sequence) => $"checkpoint-{sequence:D20}.epochs";

    private static string[] Files(TempDirectory dir) =>
        [.. Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    private static void Damage(TempDirectory dir, string name)
    {
        var path = Path.Combine(dir.Path, name);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void Keeps_the_newest_two_and_loads_the_newest()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        Assert.Empty(store.LoadNewest().Chain);
        Assert.Equal(0, store.LoadNewest().Lsn);
        store.Save(3, [1]);
        Assert.Equal(3, store.OldestKeptLsn);
        store.Save(5, [2]);
        store.Save(9, [3, 4]);
        Assert.Equal(5, store.OldestKeptLsn);
        Assert.Equal([Full(2), Full(3)], Files(dir));
        var (chain, lsn) = new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest();
        Assert.Equal([[3, 4]], chain);
        Assert.Equal(9, lsn);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_falls_back_to_the_previous_one_and_says_so()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 2, 3]);
        store.Save(7, [4, 5, 6]);
        var newest = Path.Combine(dir.Path, Full(2));
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..^1]);
        File.WriteAllBytes(Path.Combine(dir.Path, Full(3) + ".tmp"), [9]);

        var report = new StringWriter();
        var (chain, lsn) = new CheckpointStore(dir.Path, report).LoadNewest();
        Assert.Equal([[1, 2, 3]], chain);
        Assert.Equal(3, lsn);
        Assert.Equal(
            $"recovery: checkpoint {Full(2)} is corrupt (2 bytes of state where the header says 3); falling back to the previous checkpoint\n" +
            $"recovery: loaded checkpoint {Full(1)} (state up to log sequence number 3)\n",
            report.ToString().ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(dir.Path, Full(3) + ".tmp")));
    }

    [Fact]
    public void No_intact_checkpoint_is_an_error()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 2, 3]);
        Damage(dir, Full(1));
        var error = Assert.Throws<DurabilityException>(() => new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest());
        Assert.Equal($"no intact checkpoint in \"{dir.Path}\" (1 corrupt); the state cannot be recovered", error.Message);
    }

    [Fact]
    public void A_full_checkpoint_and_its_deltas_load_in_order_and_a_restarted_store_goes_on_with_deltas()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3], delta: true);
        Assert.Equal([Full(1), Delta(2), Delta(3)], Files(dir));
        // The table log must reach back to the full snapshot: a damaged one has nothing older to fall back to.
        Assert.Equal(3, store.OldestKeptLsn);

        var report = new StringWriter();
        var restarted = new CheckpointStore(dir.Path, report);
        var (chain, lsn) = restarted.LoadNewest();
        Assert.Equal([[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [2], [3]], chain);
        Assert.Equal(7, lsn);
        Assert.Equal($"recovery: loaded checkpoint {Full(1)} and 2 delta(s) after it up to {Delta(3)} (state up to log sequence number 7)\n",
            report.ToString().ReplaceLineEndings("\n"));
        Assert.True(restarted.WantsDelta);
        restarted.Save(9, [4], delta: true);
        Assert.Equal([[1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [2], [3], [4]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }

    [Fact]
    public void A_damaged_full_checkpoint_falls_back_to_the_previous_chain_with_its_deltas()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3], delta: true);
        store.Save(9, [4, 4, 4, 4]);
        store.Save(11, [5], delta: true);
        // Two chains kept; the log must reach back to the previous chain's last state.
        Assert.Equal([Full(1), Delta(2), Delta(3), Full(4), Delta(5)], Files(dir));
        Assert.Equal(7, store.OldestKeptLsn);
        Damage(dir, Full(4));

        var report = new StringWriter();
        var (chain, lsn) = new CheckpointStore(dir.Path, report).LoadNewest();
        Assert.Equal([[1, 1, 1, 1], [2], [3]], chain);
        Assert.Equal(7, lsn);
        Assert.Equal(
            $"recovery: checkpoint {Full(4)} is corrupt (checksum mismatch); falling back to the previous checkpoint\n" +
            $"recovery: checkpoint {Delta(5)} cannot be used (it builds on {Full(4)}); falling back to the previous checkpoint\n" +
            $"recovery: loaded checkpoint {Full(1)} and 2 delta(s) after it up to {Delta(3)} (state up to log sequence number 7)\n",
            report.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_damaged_delta_falls_back_to_the_state_before_it()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3], delta: true);
        Damage(dir, Delta(2));
        var (chain, lsn) = new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest();
        Assert.Equal([[1, 1, 1, 1]], chain);
        Assert.Equal(3, lsn);
    }

    [Fact]
    public void Older_chains_are_deleted_once_two_newer_ones_exist()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3, 3, 3, 3]);
        store.Save(9, [4], delta: true);
        store.Save(11, [5, 5, 5, 5]);
        Assert.Equal([Full(3), Delta(4), Full(5)], Files(dir));
        Assert.Equal(9, store.OldestKeptLsn);
    }

    [Fact]
    public void Compaction_is_due_at_a_quarter_of_the_full_snapshot_or_the_delta_limit_and_deltas_stop_at_twice_that()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        Assert.False(store.WantsDelta);
        Assert.False(store.CompactionDue);
        Assert.Throws<InvalidOperationException>(() => store.Save(1, [1], delta: true));
        store.Save(3, new byte[100]);
        Assert.True(store.WantsDelta);
        Assert.False(store.CompactionDue);
        store.Save(5, new byte[20], delta: true);
        Assert.False(store.CompactionDue);
        store.Save(7, new byte[5], delta: true);
        Assert.True(store.CompactionDue);
        Assert.True(store.WantsDelta);
        store.Save(9, new byte[25], delta: true);
        Assert.False(store.WantsDelta);
        store.Save(11, new byte[1000]);
        Assert.False(store.CompactionDue);
        for (int i = 0; i < 2 * CheckpointStore.MaxDeltas; i++)
        {
            Assert.Equal(i >= CheckpointStore.MaxDeltas, store.CompactionDue);
            Assert.True(store.WantsDelta);
            store.Save(13 + i, [1], delta: true);
        }

        Assert.False(store.WantsDelta);
    }

    [Fact]
    public void A_compacted_chain_loads_as_one_snapshot_and_the_deltas_after_it()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3], delta: true);
        var (sequence, lsn, chain) = store.ReadNewestChain();
        Assert.Equal((3L, 7L), (sequence, lsn));
        Assert.Equal([[1, 1, 1, 1], [2], [3]], chain);
        Assert.True(store.CompactionDue);
        // A delta saved while the compaction runs builds on the same state.
        store.Save(9, [4], delta: true);
        Assert.True(store.SaveCompacted(3, 7, [9, 9, 9, 9, 9, 9, 9, 9]));
        Assert.False(store.CompactionDue);
        Assert.Equal([Full(1), Delta(2), Full(3), Delta(3), Delta(4)], Files(dir));
        // Once a full snapshot exists for a sequence, compacting it again has nothing to do.
        Assert.False(store.SaveCompacted(3, 7, [9, 9, 9, 9, 9, 9, 9, 9]));

        var report = new StringWriter();
        var (loaded, loadedLsn) = new CheckpointStore(dir.Path, report).LoadNewest();
        Assert.Equal([[9, 9, 9, 9, 9, 9, 9, 9], [4]], loaded);
        Assert.Equal(9, loadedLsn);
        Assert.Equal($"recovery: loaded checkpoint {Full(3)} and 1 delta(s) after it up to {Delta(4)} (state up to log sequence number 9)\n",
            report.ToString().ReplaceLineEndings("\n"));

        // A damaged compacted snapshot: the delta it stands for, and its chain, still rebuild the state.
        Damage(dir, Full(3));
        Assert.Equal([[1, 1, 1, 1], [2], [3], [4]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }

    [Fact]
    public void After_a_compaction_and_a_newer_chain_the_files_before_them_are_deleted()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.Save(5, [2], delta: true);
        store.Save(7, [3], delta: true);
        Assert.True(store.SaveCompacted(3, 7, [9, 9, 9, 9]));
        // The compacted snapshot starts the newest chain; the one before it is kept for a damaged one.
        Assert.Equal(5, store.OldestKeptLsn);
        store.Save(9, [4], delta: true);
        store.Save(11, [5], delta: true);
        Assert.True(store.SaveCompacted(5, 11, [8, 8, 8, 8]));
        Assert.Equal([Full(3), Delta(3), Delta(4), Full(5), Delta(5)], Files(dir));
        Assert.Equal(9, store.OldestKeptLsn);
        Assert.Equal([[8, 8, 8, 8]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }

    [Fact]
    public void A_checkpoint_written_before_deltas_existed_still_loads()
    {
        using var dir = new TempDirectory();
        // The first format: magic, LSN, body length, CRC-32, body.
        byte[] body = [7, 8, 9];
        var file = new byte[28 + body.Length];
        "SSQLCKP1"u8.CopyTo(file);
        BitConverter.TryWriteBytes(file.AsSpan(8), 42L);
        BitConverter.TryWriteBytes(file.AsSpan(16), (long)body.Length);
        BitConverter.TryWriteBytes(file.AsSpan(24), Crc32.HashToUInt32(body));
        body.CopyTo(file, 28);
        File.WriteAllBytes(Path.Combine(dir.Path, Full(1)), file);
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        var (chain, lsn) = store.LoadNewest();
        Assert.Equal([body], chain);
        Assert.Equal(42, lsn);
        store.Save(50, [1], delta: true);
        Assert.Equal([body, [1]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }

    [Fact]
    public void Epochs_committed_after_a_checkpoint_load_after_it_and_the_next_checkpoint_builds_on_them()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        // Nothing to commit epochs to before a checkpoint is saved.
        Assert.False(store.AcceptsEpochs);
        Assert.False(store.AppendEpoch(1, 1, [7], flush: true));
        store.Save(3, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        Assert.True(store.AcceptsEpochs);
        Assert.True(store.AppendEpoch(4, 6, [2], flush: true));
        // A log position below the checkpoint's LSN (nothing was logged between them) keeps the checkpoint's.
        Assert.True(store.AppendEpoch(5, 2, [3], flush: false));
        Assert.Equal([Full(1), Epochs(1)], Files(dir));

        var report = new StringWriter();
        var restarted = new CheckpointStore(dir.Path, report);
        var (chain, lsn) = restarted.LoadNewest();
        Assert.Equal(100, chain[0].Length);
        Assert.Equal([[2], [3]], chain.Skip(1));
        Assert.Equal(6, lsn);
        Assert.Equal($"recovery: loaded checkpoint {Full(1)} and 2 committed epoch(s) from their epoch logs, up to epoch 5 (state up to log sequence number 6)\n",
            report.ToString().ReplaceLineEndings("\n"));
        // A restarted store commits epochs again only after its first checkpoint: the log of one
        // loaded may have been cut, and the next delta builds on what was loaded.
        Assert.False(restarted.AcceptsEpochs);
        Assert.False(restarted.AppendEpoch(6, 8, [9], flush: true));
        restarted.Save(9, [4], delta: true);
        Assert.True(restarted.AppendEpoch(7, 10, [5], flush: true));
        var (again, againLsn) = new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest();
        Assert.Equal([[2], [3], [4], [5]], again.Skip(1));
        Assert.Equal(10, againLsn);

        // Compaction rebuilds the newest checkpoint's state: every file with its epochs, but the newest's.
        var (sequence, compactLsn, compacted) = restarted.ReadNewestChain();
        Assert.Equal((2L, 9L), (sequence, compactLsn));
        Assert.Equal([[2], [3], [4]], compacted.Skip(1));
    }

    [Fact]
    public void A_torn_epoch_at_the_end_of_the_newest_log_is_cut_off_and_reported()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1]);
        store.AppendEpoch(4, 5, [2, 2], flush: true);
        store.AppendEpoch(5, 6, [3, 3], flush: true);
        var log = Path.Combine(dir.Path, Epochs(1));
        long intact = new FileInfo(log).Length;
        File.WriteAllBytes(log, File.ReadAllBytes(log)[..^3]);

        var report = new StringWriter();
        var restarted = new CheckpointStore(dir.Path, report);
        var (chain, lsn) = restarted.LoadNewest();
        Assert.Equal([[1, 1, 1, 1], [2, 2]], chain);
        Assert.Equal(5, lsn);
        Assert.Equal(
            $"recovery: {Epochs(1)}: an incomplete record at byte 26 of 49 (a write torn by a crash); recovered the 1 committed epoch(s) before it and cut off the rest\n" +
            $"recovery: loaded checkpoint {Full(1)} and 1 committed epoch(s) from their epoch logs, up to epoch 4 (state up to log sequence number 5)\n",
            report.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(26, new FileInfo(log).Length);
        Assert.Equal(52, intact);
        // A checkpoint saved after the recovery builds on the epochs that were left.
        restarted.Save(8, [4], delta: true);
        Assert.Equal([[1, 1, 1, 1], [2, 2], [4]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }

    [Fact]
    public void A_damaged_epoch_log_under_a_later_checkpoint_falls_back_to_the_epochs_before_the_damage()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        store.AppendEpoch(4, 5, [2], flush: true);
        store.AppendEpoch(5, 6, [3], flush: true);
        store.Save(9, [4], delta: true);
        store.AppendEpoch(6, 10, [5], flush: true);
        Damage(dir, Epochs(1));

        var report = new StringWriter();
        var (chain, lsn) = new CheckpointStore(dir.Path, report).LoadNewest();
        Assert.Equal([[2]], chain.Skip(1));
        Assert.Equal(5, lsn);
        Assert.Equal(
            $"recovery: checkpoint {Delta(2)} cannot be used (it builds on {Epochs(1)}, which is damaged (a record whose checksum does not match at byte 25 of 50)); falling back to the previous checkpoint\n" +
            $"recovery: {Epochs(1)}: a record whose checksum does not match at byte 25 of 50 (a write torn by a crash); recovered the 1 committed epoch(s) before it and cut off the rest\n" +
            $"recovery: loaded checkpoint {Full(1)} and 1 committed epoch(s) from their epoch logs, up to epoch 4 (state up to log sequence number 5)\n",
            report.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Epoch_logs_count_towards_the_chain_and_go_with_their_checkpoints()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, new byte[400]);
        // Records of 8 + 16 + 60 bytes: with the third, the chain's deltas reach half the full
        // snapshot, and the next checkpoint is a full one.
        store.AppendEpoch(1, 3, new byte[60], flush: false);
        store.AppendEpoch(2, 3, new byte[60], flush: false);
        Assert.True(store.WantsDelta);
        store.AppendEpoch(3, 3, new byte[60], flush: false);
        Assert.False(store.WantsDelta);
        // The current checkpoint's own epochs are not compacted (they go on): a delta after them is.
        Assert.False(store.CompactionDue);
        store.Save(5, [1], delta: true);
        Assert.True(store.CompactionDue);
        store.Save(7, new byte[400]);
        store.AppendEpoch(6, 7, [1], flush: false);
        store.Save(9, new byte[400]);
        Assert.Equal([Full(3), Epochs(3), Full(4)], Files(dir));
    }

    [Fact]
    public void A_failed_epoch_commit_stops_commits_until_the_next_checkpoint()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1]);
        Assert.True(store.AppendEpoch(4, 3, [2], flush: true));
        store.Save(4, [3], delta: true);
        // The new epoch log cannot be created: the append fails, and so does every one after it.
        Directory.CreateDirectory(Path.Combine(dir.Path, Epochs(2)));
        Assert.ThrowsAny<Exception>(() => store.AppendEpoch(5, 4, [4], flush: true));
        Assert.False(store.AcceptsEpochs);
        Assert.False(store.AppendEpoch(6, 4, [5], flush: true));
        Directory.Delete(Path.Combine(dir.Path, Epochs(2)));
        store.Save(5, [6]);
        Assert.True(store.AppendEpoch(7, 5, [7], flush: true));
        Assert.Equal([[6], [7]], new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest().Chain);
    }
}
