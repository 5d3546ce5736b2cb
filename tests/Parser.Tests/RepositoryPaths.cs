namespace StreamSql.Parser.Tests;

/// <summary>Locates files relative to the repository root (the folder holding StreamSql.sln).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string GoldenFolder => Path.Combine(Root, "tests", "Parser.Tests", "Golden");

    /// <summary>The shared conformance files live beside the repository: ../shared/conformance.</summary>
    public static string ConformanceFolder => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance"));

    public static string ClientQueriesFile => Path.GetFullPath(Path.Combine(Root, "..", "shared", "pg", "client-queries.txt"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("StreamSql.sln not found above " + AppContext.BaseDirectory);
    }
}
