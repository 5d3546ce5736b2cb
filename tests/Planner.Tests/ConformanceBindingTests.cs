using StreamSql.Parser;

namespace StreamSql.Planner.Tests;

/// <summary>
/// Every statement of the shared conformance files binds in order (each script's DDL building the
/// catalog as it goes), and every <c>statement error</c> fails to parse or bind.
/// </summary>
public sealed class ConformanceBindingTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Conformance, "*.slt*", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Conformance, file));
        }

        return data;
    }

    [Fact]
    public void ConformanceFilesAreFound() => Assert.True(Files().Count >= 14);

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryStatementBindsInOrder(string file)
    {
        var catalog = Catalog.Empty;
        var failures = new List<string>();
        var records = SltReader.Read(Path.Combine(RepositoryPaths.Conformance, file)).ToList();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var parsed = SqlParser.Parse(record.Sql);
            var errors = parsed.Diagnostics.Where(d => d.IsError).Select(d => $"{d.Code} {d.Message}").ToList();
            if (errors.Count == 0)
            {
                Assert.Single(parsed.Statements);
                var result = StatementPlanner.Plan(parsed.Statements[0], catalog, new PlannerOptions(parsed.Source));
                errors.AddRange(result.Errors.Select(d => $"{d.Code} {d.Message} at {parsed.Source.GetLinePosition(d.Span.Start)}"));
                catalog = result.Catalog;
            }

            if (record.ExpectError && errors.Count == 0)
            {
                failures.Add($"line {record.Line}: expected an error: {record.Sql}");
            }
            else if (!record.ExpectError && errors.Count > 0)
            {
                failures.Add($"line {record.Line}: {string.Join("; ", errors)}: {record.Sql}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
