namespace StreamSql.Planner.Tests;

/// <summary>Finds files relative to the repository root (the folder holding StreamSql.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Conformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    public static string ExplainGoldens => Path.Combine(Root, "tests", "Planner.Tests", "Explain");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StreamSql.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("StreamSql.sln not found above " + AppContext.BaseDirectory);
    }
}
