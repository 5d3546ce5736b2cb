using StreamSql.Parser.Formatting;

namespace StreamSql.Parser.Tests;

public class RoundTripTests
{
    [Theory]
    [MemberData(nameof(GoldenTreeTests.GoldenFiles), MemberType = typeof(GoldenTreeTests))]
    public void Every_golden_statement_round_trips(string fileName)
    {
        var result = SqlParser.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.GoldenFolder, fileName)));
        Assert.NotEmpty(result.Statements);
        foreach (var statement in result.Statements)
            RoundTrip.AssertHolds(statement);
    }

    [Theory]
    [InlineData("select a+b*c from t", "SELECT a + (b * c) FROM t")]
    [InlineData("select (a+b)*c", "SELECT (a + b) * c")]
    [InlineData("select -x::int, not a and b", "SELECT -(x::int), (NOT a) AND b")]
    [InlineData("SELECT \"Mixed\", plain, t.\"X\" FROM \"T\" t", "SELECT \"Mixed\", plain, t.\"X\" FROM \"T\" AS t")]
    [InlineData("select 'it''s', e'a\\nb'", "SELECT 'it''s', 'a\nb'")]
    [InlineData("create materialized view m as select * from tumble(t, ts, interval '1' minute) emit on window close",
        "CREATE MATERIALIZED VIEW m AS SELECT * FROM TUMBLE(t, ts, INTERVAL '1' MINUTE) EMIT ON WINDOW CLOSE")]
    [InlineData("create source s (a int, watermark for ts as ts - interval '5' second) with (connector='kafka', 'bootstrap.servers'='x') format csv (header = true)",
        "CREATE SOURCE s (a int, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'kafka', bootstrap.servers = 'x') FORMAT CSV (header = TRUE)")]
    [InlineData("select extract(year from ts), trim(leading 'x' from s), substring(s for 2)",
        "SELECT extract('year', ts), ltrim(s, 'x'), substring(s, 1, 2)")]
    [InlineData("set time zone 'UTC'", "SET timezone = 'UTC'")]
    [InlineData("select ts at time zone 'UTC', make_interval(hours => 1)", "SELECT timezone('UTC', ts), make_interval(hours => 1)")]
    [InlineData("begin transaction isolation level read committed", "BEGIN ISOLATION LEVEL READ COMMITTED")]
    [InlineData("select x::double precision, y::timestamp with time zone, z::character varying(3)[]",
        "SELECT x::DOUBLE PRECISION, y::TIMESTAMP WITH TIME ZONE, z::CHARACTER VARYING(3)[]")]
    public void Formats_as_expected(string sql, string expected)
    {
        var result = SqlParser.Parse(sql);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(expected, SqlFormatter.Format(Assert.Single(result.Statements)));
    }
}
