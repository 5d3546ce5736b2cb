using StreamSql.Parser;

namespace StreamSql.Planner.Tests;

/// <summary>Plans scripts statement by statement for tests, failing on any parse error.</summary>
internal static class PlannerTestHost
{
    public const string Schema =
        "CREATE TABLE t (id INT PRIMARY KEY, name TEXT, amount NUMERIC, price DOUBLE PRECISION, small SMALLINT, big BIGINT, " +
        "ts TIMESTAMP, tz TIMESTAMPTZ, day DATE, span INTERVAL, flag BOOLEAN, doc JSONB, tags TEXT[], nums INT[]); " +
        "CREATE TABLE u (id INT, name TEXT, ts TIMESTAMP); " +
        "CREATE SOURCE s (k TEXT, v INT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) " +
        "WITH (connector = 'kafka', topic = 'x', 'bootstrap.servers' = 'b:9092');";

    public static PlanResult[] PlanAll(string script, Runtime.Types.DataType?[]? parameters = null)
    {
        var parsed = SqlParser.Parse(script);
        Assert.False(parsed.HasErrors, string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
        var options = new PlannerOptions(parsed.Source, parameters is null ? default : [.. parameters]);
        return [.. StatementPlanner.PlanScript(parsed, Catalog.Empty, options)];
    }

    /// <summary>Plans the schema then <paramref name="statement"/>, which must succeed.</summary>
    public static PlanResult Ok(string statement, Runtime.Types.DataType?[]? parameters = null)
    {
        var results = PlanAll(Schema + "\n" + statement, parameters);
        foreach (var result in results)
        {
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Code} {e.Message}")));
        }

        return results[^1];
    }

    public static T Ok<T>(string statement) where T : PlannedStatement => Assert.IsType<T>(Ok(statement).Statement);
}
