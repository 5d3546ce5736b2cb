using StreamSql.Parser;
using StreamSql.Tests.Shared;

namespace StreamSql.Planner.Tests;

/// <summary>
/// The planner reports user errors as diagnostics and never throws: statements from the golden and
/// conformance scripts, with words dropped or swapped, are planned against the catalog their script built.
/// </summary>
public sealed class BinderRobustnessTests
{
    [Fact]
    public void MutatedStatementsNeverThrow()
    {
        var scripts = Directory.EnumerateFiles(RepositoryPaths.ExplainGoldens, "*.sql").Select(File.ReadAllText)
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Conformance, "*.slt*", SearchOption.AllDirectories)
                .Select(f => string.Join(";\n", SltReader.Read(f).Select(r => r.Sql)) + ";"))
            .Append(PlannerTestHost.Schema)
            .ToList();
        var random = new Random(20261124);
        var planned = 0;
        var failures = new List<string>();
        foreach (var script in scripts)
        {
            var parsed = SqlParser.Parse(script);
            var catalog = StatementPlanner.PlanScript(parsed, Catalog.Empty).Select(r => r.Catalog).LastOrDefault() ?? Catalog.Empty;
            foreach (var statement in parsed.Statements)
            {
                var words = parsed.Source[statement.Span].Split(' ');
                for (var attempt = 0; attempt < 25; attempt++)
                {
                    var mutated = StatementMutations.Words(words, random);
                    var text = string.Join(' ', mutated);
                    var reparsed = SqlParser.Parse(text);
                    if (reparsed.HasErrors)
                    {
                        continue;
                    }

                    foreach (var candidate in reparsed.Statements)
                    {
                        try
                        {
                            StatementPlanner.Plan(candidate, catalog, new PlannerOptions(reparsed.Source));
                            planned++;
                        }
                        catch (Exception e)
                        {
                            failures.Add($"{e.GetType().Name}: {e.Message} in: {text}");
                        }
                    }
                }
            }
        }

        Assert.True(planned > 500, $"only {planned} mutated statements parsed");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct().Take(30)));
    }
}
