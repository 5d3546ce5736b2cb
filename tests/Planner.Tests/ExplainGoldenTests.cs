using System.Text;
using StreamSql.Parser;

namespace StreamSql.Planner.Tests;

/// <summary>
/// EXPLAIN golden files: each <c>Explain/*.sql</c> script is planned statement by statement and
/// the output of its EXPLAIN statements (and any diagnostics) is compared with <c>*.explain</c>.
/// Set STREAMSQL_UPDATE_GOLDEN=1 to rewrite the golden files; never edit them by hand.
/// </summary>
public sealed class ExplainGoldenTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.ExplainGoldens, "*.sql").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void GoldenScriptsExist() => Assert.True(Scripts().Count >= 12);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ExplainMatchesGolden(string script)
    {
        var path = Path.Combine(RepositoryPaths.ExplainGoldens, script);
        var actual = Render(File.ReadAllText(path));
        var golden = Path.ChangeExtension(path, ".explain");
        if (Environment.GetEnvironmentVariable("STREAMSQL_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
            return;
        }

        Assert.True(File.Exists(golden), $"missing {golden}: run with STREAMSQL_UPDATE_GOLDEN=1");
        Assert.Equal(File.ReadAllText(golden).ReplaceLineEndings("\n"), actual);
    }

    private static string Render(string text)
    {
        var parsed = SqlParser.Parse(text);
        var output = new StringBuilder();
        foreach (var diagnostic in parsed.Diagnostics)
        {
            output.Append($"{parsed.Source.GetLinePosition(diagnostic.Span.Start)}: {diagnostic.Code}: {diagnostic.Message}\n");
        }

        var catalog = Catalog.Empty;
        foreach (var statement in parsed.Statements)
        {
            var result = StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source));
            catalog = result.Catalog;
            foreach (var diagnostic in result.Diagnostics)
            {
                output.Append($"{parsed.Source.GetLinePosition(diagnostic.Span.Start)}: {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Code}: {diagnostic.Message}\n");
            }

            if (result.Statement is ExplainPlan explain)
            {
                var firstLine = parsed.Source[statement.Span].Split('\n')[0].Trim();
                output.Append("-- ").Append(firstLine).Append('\n');
                foreach (var line in explain.Lines)
                {
                    output.Append(line).Append('\n');
                }

                output.Append('\n');
            }
        }

        return output.ToString();
    }
}
