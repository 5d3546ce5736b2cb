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
}
