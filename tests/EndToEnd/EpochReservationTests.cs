using StreamSql.Server.Durability;

namespace StreamSql.EndToEnd.Tests;

/// <summary>The durable limit on epoch numbers that keeps them from repeating across restarts.</summary>
public sealed class EpochReservationTests
{
    [Fact]
    public void A_reservation_is_read_back_after_a_restart()
    {
        using var dir = new TempDirectory();
        var epochs = new EpochReservation(dir.Path, sync: true);
        Assert.Equal(0, epochs.Read(TextWriter.Null));
        Assert.Equal(7 + EpochReservation.Block, epochs.Reserve(7));
        Assert.Equal(7 + EpochReservation.Block, new EpochReservation(dir.Path, sync: true).Read(TextWriter.Null));
        Assert.False(File.Exists(Path.Combine(dir.Path, "epochs.tmp")));
    }

    [Fact]
    public void A_damaged_file_is_reported_and_ignored()
    {
        using var dir = new TempDirectory();
        var epochs = new EpochReservation(dir.Path, sync: false);
        epochs.Reserve(1);
        var path = Path.Combine(dir.Path, "epochs");
        var bytes = File.ReadAllBytes(path);
        bytes[0] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var log = new StringWriter();
        Assert.Equal(0, epochs.Read(log));
        Assert.Contains("is damaged; epoch numbers continue from the recovered state", log.ToString());
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal(0, epochs.Read(TextWriter.Null));
    }
}
