using StreamSql.Server.Durability;

namespace StreamSql.EndToEnd.Tests;

/// <summary>Checkpoint files in process: the newest two are kept, a damaged one is skipped with a message.</summary>
public sealed class CheckpointStoreTests
{
    [Fact]
    public void Keeps_the_newest_two_and_loads_the_newest()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        Assert.Equal((null, 0L), store.LoadNewest());
        store.Save(3, [1]);
        Assert.Equal(3, store.OldestKeptLsn);
        store.Save(5, [2]);
        store.Save(9, [3, 4]);
        Assert.Equal(5, store.OldestKeptLsn);
        Assert.Equal(["checkpoint-00000000000000000002.ckpt", "checkpoint-00000000000000000003.ckpt"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var (body, lsn) = new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest();
        Assert.Equal([3, 4], body);
        Assert.Equal(9, lsn);
    }

    [Fact]
    public void A_damaged_newest_checkpoint_falls_back_to_the_previous_one_and_says_so()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 2, 3]);
        store.Save(7, [4, 5, 6]);
        var newest = Path.Combine(dir.Path, "checkpoint-00000000000000000002.ckpt");
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..^1]);
        File.WriteAllBytes(Path.Combine(dir.Path, "checkpoint-00000000000000000003.ckpt.tmp"), [9]);

        var report = new StringWriter();
        var (body, lsn) = new CheckpointStore(dir.Path, report).LoadNewest();
        Assert.Equal([1, 2, 3], body);
        Assert.Equal(3, lsn);
        Assert.Equal(
            "recovery: checkpoint checkpoint-00000000000000000002.ckpt is corrupt (2 bytes of state where the header says 3); falling back to the previous checkpoint\n" +
            "recovery: loaded checkpoint checkpoint-00000000000000000001.ckpt (state up to log sequence number 3)\n",
            report.ToString().ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(dir.Path, "checkpoint-00000000000000000003.ckpt.tmp")));
    }

    [Fact]
    public void No_intact_checkpoint_is_an_error()
    {
        using var dir = new TempDirectory();
        var store = new CheckpointStore(dir.Path, TextWriter.Null);
        store.Save(3, [1, 2, 3]);
        var only = Path.Combine(dir.Path, "checkpoint-00000000000000000001.ckpt");
        var bytes = File.ReadAllBytes(only);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(only, bytes);
        var error = Assert.Throws<DurabilityException>(() => new CheckpointStore(dir.Path, TextWriter.Null).LoadNewest());
        Assert.Equal($"no intact checkpoint in \"{dir.Path}\" (1 corrupt); the state cannot be recovered", error.Message);
    }
}
