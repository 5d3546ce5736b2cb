using System.Text.RegularExpressions;
using StreamSql.Runtime.Types;
using StreamSql.Server.Engine;

namespace StreamSql.Server.Tests.Sessions;

/// <summary>EXPLAIN ANALYZE runs the query and shows its physical plan with the rows each node emitted and its own time.</summary>
public sealed partial class ExplainAnalyzeTests
{
    [Fact]
    public async Task EachNodeShowsTheRowsItEmittedAndTheRunItsTime()
    {
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var session = engine.OpenSession();
        await Must(session, "CREATE TABLE g (a INT, b INT); INSERT INTO g VALUES (1, 2), (2, 3), (3, 4), (1, 5);" +
            "CREATE TABLE h (k INT, w TEXT); INSERT INTO h VALUES (1, 'x'), (3, 'y')");

        var (result, rows) = (await session.ExecuteAllAsync(
            "EXPLAIN ANALYZE SELECT h.w, count(*) AS n FROM g JOIN h ON g.a = h.k WHERE g.b > 2 GROUP BY h.w", CancellationToken.None)).Single();
        Assert.Null(result.Error);
        Assert.Equal("EXPLAIN", result.CommandTag);
        Assert.Equal(("QUERY PLAN", DataType.Text), (result.Columns!.Single().Name, result.Columns!.Single().Type));
        var lines = rows.Select(r => ExecutionTime().Replace(Time().Replace((string)r[0]!, "time=T ms"), "Execution Time: T ms")).ToList();
        Assert.Equal(
        [
            "Project 2 columns  [retracting]  (actual rows=2 time=T ms)",
            "  HashAggregate keys=[#0] aggs=[count] emit=OnUpdate  [upsert]  (actual rows=2 time=T ms)",
            "    Project 1 columns  [retracting]  (actual rows=2 time=T ms)",
            "      Join Inner Regular on [#0=#0]  [retracting]  (actual rows=2 time=T ms)",
            "        Filter  [retracting]  (actual rows=3 time=T ms)",
            "          TableScan g  [retracting]  (actual rows=4)",
            "        TableScan h  [retracting]  (actual rows=2)",
            "Execution Time: T ms",
        ], lines);

        // The query's rows are not returned, and nothing changed.
        var (count, counted) = (await session.ExecuteAllAsync("SELECT count(*) FROM g", CancellationToken.None)).Single();
        Assert.Null(count.Error);
        Assert.Equal(4L, counted.Single()[0]);
    }

    [Fact]
    public async Task AQueryOverASourceIsRefusedAsASelectIs()
    {
        await using var engine = new QueryEngine(new EngineOptions { Mode = EngineMode.Manual });
        await using var session = engine.OpenSession();
        await Must(session, "CREATE SOURCE s (n BIGINT) WITH (connector = 'generator', rows_per_second = '10', 'fields.n.kind' = 'sequence') FORMAT JSON");
        var (result, _) = (await session.ExecuteAllAsync("EXPLAIN ANALYZE SELECT * FROM s", CancellationToken.None)).Single();
        Assert.Equal("SS2017", result.Error?.Code);
        Assert.Equal("cannot SELECT from source \"s\": a source is unbounded", result.Error!.Message);
    }

    private static async Task Must(Session session, string sql)
    {
        foreach (var (result, _) in await session.ExecuteAllAsync(sql, CancellationToken.None))
            Assert.Null(result.Error);
    }

    [GeneratedRegex(@"time=[0-9]+\.[0-9]{3} ms")]
    private static partial Regex Time();

    [GeneratedRegex(@"^Execution Time: [0-9]+\.[0-9]{3} ms$")]
    private static partial Regex ExecutionTime();
}
