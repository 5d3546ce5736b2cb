namespace StreamSql.Nexmark.Tests;

/// <summary>Files of the repository, found from the test's folder by walking up to <c>StreamSql.sln</c>.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "StreamSql.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("StreamSql.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string QueryFolder => Path.Combine(Root, "tests", "Bench", "nexmark");

    public static string Query(string query) => File.ReadAllText(Path.Combine(QueryFolder, query + ".sql"));
}
