using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Tests;

/// <summary>
/// Every SQL statement of the shared conformance files parses, and every catalog query real
/// clients (psql, Npgsql) send parses: the parser must never be why those fail.
/// </summary>
public class ConformanceParseTests
{
    private static IEnumerable<SltRecord> AllRecords() =>
        Directory.GetFiles(RepositoryPaths.ConformanceFolder, "*.slt*", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(SltRecord.Read);

    [Fact]
    public void Conformance_files_are_found()
    {
        Assert.True(Directory.Exists(RepositoryPaths.ConformanceFolder), RepositoryPaths.ConformanceFolder);
        Assert.True(AllRecords().Count() > 100);
    }

    [Fact]
    public void Every_statement_ok_and_query_record_parses()
    {
        var failures = new List<string>();
        foreach (var record in AllRecords().Where(r => !r.ExpectsError))
        {
            var result = SqlParser.Parse(record.Sql, record.File);
            if (result.HasErrors || result.Statements.IsEmpty)
                failures.Add($"{record}: {string.Join("; ", result.Diagnostics.Select(d => d.Message))}\n{record.Sql}");
        }
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Statement_error_records_parse_or_report_without_throwing()
    {
        foreach (var record in AllRecords().Where(r => r.ExpectsError))
        {
            var result = SqlParser.Parse(record.Sql);
            Assert.All(result.Diagnostics, d => Assert.StartsWith("SS", d.Code));
        }
    }

    /// <summary>The statements of client-queries.txt: sections 1-3 hold SQL; '#' and '=' lines are captions.</summary>
    private static string ClientSql()
    {
        var lines = File.ReadAllLines(RepositoryPaths.ClientQueriesFile);
        var sql = lines
            .TakeWhile(l => !l.StartsWith("## 4.", StringComparison.Ordinal))
            .Where(l => !l.StartsWith('#') && !l.StartsWith("====", StringComparison.Ordinal));
        return string.Join("\n", sql);
    }

    [Fact]
    public void Every_client_catalog_query_parses()
    {
        var result = SqlParser.Parse(ClientSql(), "client-queries.txt");
        Assert.True(result.Diagnostics.IsEmpty, DiagnosticFormatter.Format(result.Diagnostics, result.Source));
        // 4 from Npgsql at connection open, 13 from psql's \dt, \d, \d t1, \l and \dn.
        Assert.Equal(17, result.Statements.Length);
    }

    [Fact]
    public void Round_trip_holds_for_conformance_and_client_statements()
    {
        var scripts = AllRecords().Where(r => !r.ExpectsError).Select(r => r.Sql).Append(ClientSql());
        foreach (var script in scripts)
        {
            foreach (var statement in SqlParser.Parse(script).Statements)
                RoundTrip.AssertHolds(statement);
        }
    }
}
