namespace StreamSql.EndToEnd.Tests;

/// <summary>What the kill tests watch in a data directory.</summary>
internal static class Checkpoints
{
    /// <summary>Polls for a checkpoint's temporary file for up to a second; true when one exists (the caller kills at once).</summary>
    public static async Task<bool> InProgressAsync(string dataDir)
    {
        var state = Path.Combine(dataDir, "state");
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(state) && Directory.EnumerateFiles(state, "*.tmp").Any())
                return true;
            await Task.Yield();
        }

        return false;
    }

    /// <summary>
    /// Polls the server's output for up to three seconds for a compaction in progress (its
    /// "compacting" line is the last compaction line); true when one is (the caller kills at once).
    /// </summary>
    public static async Task<bool> CompactingAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            var output = server.Output;
            int compacting = output.LastIndexOf("checkpoint: compacting", StringComparison.Ordinal);
            if (compacting >= 0 && output.IndexOf("checkpoint: compacted", compacting, StringComparison.Ordinal) < 0
                && output.IndexOf("checkpoint: compaction failed", compacting, StringComparison.Ordinal) < 0)
                return true;
            await Task.Yield();
        }

        return false;
    }
}
