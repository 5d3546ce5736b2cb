namespace StreamSql.Parser.Tests;

/// <summary>
/// Golden/*.sql parse to exactly Golden/*.tree. Set STREAMSQL_UPDATE_GOLDEN=1 to rewrite the .tree
/// files from the current parser (then review the diff); they are never edited by hand.
/// </summary>
public class GoldenTreeTests
{
    public static TheoryData<string> GoldenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryPaths.GoldenFolder, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Tree_matches_golden_file(string fileName)
    {
        string sqlPath = Path.Combine(RepositoryPaths.GoldenFolder, fileName);
        string treePath = Path.ChangeExtension(sqlPath, ".tree");
        var result = SqlParser.Parse(File.ReadAllText(sqlPath), fileName);
        string actual = TreeDump.Of(result);

        if (Environment.GetEnvironmentVariable("STREAMSQL_UPDATE_GOLDEN") == "1")
            File.WriteAllText(treePath, actual);

        Assert.True(File.Exists(treePath), $"{treePath} is missing: run the tests with STREAMSQL_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(treePath), actual);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Golden_scripts_parse_without_diagnostics(string fileName)
    {
        var result = SqlParser.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.GoldenFolder, fileName)), fileName);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.Statements);
    }

    [Fact]
    public void Every_syntax_node_type_appears_in_a_golden_tree()
    {
        string trees = string.Concat(Directory.GetFiles(RepositoryPaths.GoldenFolder, "*.tree").Select(File.ReadAllText));
        var missing = typeof(Syntax.SyntaxNode).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Syntax.SyntaxNode)) && !t.IsAbstract)
            .Where(t => !trees.Contains(t.Name + " ", StringComparison.Ordinal))
            .Select(t => t.Name);
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_statement_form_has_a_golden_example()
    {
        var kinds = Directory.GetFiles(RepositoryPaths.GoldenFolder, "*.sql")
            .SelectMany(f => SqlParser.Parse(File.ReadAllText(f)).Statements)
            .Select(s => s.GetType())
            .ToHashSet();
        var all = typeof(Syntax.Statement).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Syntax.Statement)) && !t.IsAbstract);
        Assert.Empty(all.Where(t => !kinds.Contains(t)).Select(t => t.Name));
    }
}
