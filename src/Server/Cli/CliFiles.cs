namespace StreamSql.Server.Cli;

/// <summary>Reads the files named on a command line, failing with a usage error that names a missing one.</summary>
internal static class CliFiles
{
    public static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"file '{path}' does not exist");

    public static void MustExist(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            if (!File.Exists(p))
                throw new UsageException($"file '{p}' does not exist");
        }
    }
}
