namespace StreamSql.Planner.Tests;

/// <summary>Unusual statements fail with a diagnostic (code and SQLSTATE), never an exception.</summary>
public sealed class EdgeCaseTests
{
    [Theory]
    [InlineData("SELECT name FROM u GROUP BY 9;", "42P10")]
    [InlineData("SELECT name FROM u ORDER BY 4;", "42P10")]
    [InlineData("SELECT sum(count(*)) FROM u;", "42803")]
    [InlineData("SELECT count(*) OVER () FROM u;", "0A000")]
    [InlineData("SELECT rank() OVER (ORDER BY id) FROM u;", "0A000")]
    [InlineData("SELECT name FROM u LIMIT -1;", "2201W")]
    [InlineData("SELECT * FROM unnest(NULL);", "42804")]
    [InlineData("SELECT * FROM unnest(5);", "42883")]
    [InlineData("SELECT * FROM json_each(1, 3);", "0A000")]
    [InlineData("SELECT * FROM generate_series(1, 3, 4, 5);", "0A000")]
    [InlineData("SELECT * FROM TUMBLE(u, ts, INTERVAL '1' MONTH);", "22023")]
    [InlineData("SELECT * FROM TUMBLE(u, ts, 5);", "42804")]
    [InlineData("SELECT * FROM TUMBLE(u, ts);", "42883")]
    [InlineData("SELECT * FROM TUMBLE(u, id + 1, INTERVAL '1' MINUTE);", "0A000")]
    [InlineData("INSERT INTO u SELECT * FROM t;", "42601")]
    [InlineData("INSERT INTO u (nope) VALUES (1);", "42703")]
    [InlineData("INSERT INTO u (id, id) VALUES (1, 2);", "42701")]
    [InlineData("UPDATE u SET nope = 1;", "42703")]
    [InlineData("UPDATE u SET id = 'x' || 1;", "42804")]
    [InlineData("SELECT a FROM (VALUES (1)) AS v(a) ORDER BY b;", "42703")]
    [InlineData("VALUES (1), (2, 3);", "42601")]
    [InlineData("SELECT 1 UNION SELECT 1, 2;", "42601")]
    [InlineData("SELECT 1 UNION SELECT 'a'::timestamp;", "42804")]
    [InlineData("SELECT 1 INTERSECT SELECT 1;", "0A000")]
    [InlineData("SELECT id FROM u WHERE id IN (SELECT t.id FROM t WHERE t.id = u.id LIMIT 1);", "0A000")]
    [InlineData("SELECT x.* FROM u;", "42P01")]
    [InlineData("SELECT name FROM u JOIN t ON u.id = t.id;", "42702")]
    [InlineData("CREATE TABLE w (x INT, PRIMARY KEY (y));", "42703")]
    [InlineData("SELECT $0;", "42P02")]
    [InlineData("CREATE MATERIALIZED VIEW m AS SELECT id, id FROM u;", "42701")]
    [InlineData("CREATE MATERIALIZED VIEW m AS SELECT * FROM u LATE DATA TO s;", "42809")]
    [InlineData("CREATE TABLE w (ts TEXT, WATERMARK FOR ts AS ts);", "42804")]
    [InlineData("CREATE TABLE w (x INT, WATERMARK FOR y AS y);", "42703")]
    [InlineData("CREATE TABLE w (x INT UNIQUE);", "0A000")]
    [InlineData("CREATE SOURCE w (x INT);", "22023")]
    [InlineData("CREATE SOURCE w (x INT) WITH (connector = 'nexmark', table = 'people');", "22023")]
    [InlineData("CREATE SOURCE w (x INT) WITH (connector = 'kafka', topic = 'a', topic = 'b', 'bootstrap.servers' = 'x');", "22023")]
    [InlineData("CREATE SINK k FROM u WITH (connector = 'file');", "22023")]
    [InlineData("CREATE SINK k FROM u WITH (connector = 'console') FORMAT CSV (delimiter = '::');", "22023")]
    [InlineData("SUBSCRIBE u WITH (snapshot = 'maybe');", "22023")]
    [InlineData("FETCH 1 c WITH (timeout = 'soon');", "22023")]
    [InlineData("DROP VIEW u;", "42809")]
    [InlineData("SHOW CREATE VIEW u;", "42809")]
    [InlineData("SHOW COLUMNS FROM nope;", "42P01")]
    [InlineData("SELECT flag FROM t WHERE flag = 1;", "42883")]
    [InlineData("SELECT ARRAY[1, 'a'::date];", "42804")]
    [InlineData("SELECT name[1] FROM u;", "42804")]
    [InlineData("SELECT CASE WHEN true THEN 1 ELSE 'a'::date END;", "42804")]
    public void FailsWithDiagnostic(string statement, string sqlState)
    {
        var results = PlannerTestHost.PlanAll(PlannerTestHost.Schema + "\n" + statement);
        var last = results[^1];
        Assert.False(last.Succeeded);
        var error = Assert.Single(last.Errors);
        Assert.Equal(sqlState, error.SqlState);
    }
}
