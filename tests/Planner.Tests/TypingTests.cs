using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Tests;

/// <summary>PostgreSQL's typing rules as the binder applies them, observed through result column types.</summary>
public sealed class TypingTests
{
    private static DataType TypeOf(string expression) =>
        Assert.Single(PlannerTestHost.Ok<QueryPlan>($"SELECT {expression} AS x FROM t;").Columns).Type;

    [Theory]
    [InlineData("1", "integer")]
    [InlineData("3000000000", "bigint")]
    [InlineData("1.5", "numeric")]
    [InlineData("'abc'", "text")]
    [InlineData("NULL", "text")]
    [InlineData("true", "boolean")]
    [InlineData("id / 2", "integer")]
    [InlineData("id + big", "bigint")]
    [InlineData("small + small", "smallint")]
    [InlineData("id * 1.5", "numeric")]
    [InlineData("price + id", "double precision")]
    [InlineData("amount + price", "double precision")]
    [InlineData("ts + INTERVAL '1' HOUR", "timestamp without time zone")]
    [InlineData("ts - ts", "interval")]
    [InlineData("ts - INTERVAL '5 minutes'", "timestamp without time zone")]
    [InlineData("id = 1", "boolean")]
    [InlineData("name = 'x'", "boolean")]
    [InlineData("ts > '2024-01-01 00:00:00'", "boolean")]
    [InlineData("name || id", "text")]
    [InlineData("name || 'x'", "text")]
    [InlineData("CASE WHEN flag THEN id ELSE big END", "bigint")]
    [InlineData("CASE WHEN flag THEN 1 ELSE 2.5 END", "numeric")]
    [InlineData("coalesce(id, 0)", "integer")]
    [InlineData("coalesce(amount, 0)", "numeric")]
    [InlineData("nullif(name, '')", "text")]
    [InlineData("id IN (1, 2, 3)", "boolean")]
    [InlineData("id BETWEEN 1 AND 10", "boolean")]
    [InlineData("name LIKE 'a%'", "boolean")]
    [InlineData("name NOT ILIKE 'a%'", "boolean")]
    [InlineData("name IS NULL", "boolean")]
    [InlineData("flag IS TRUE", "boolean")]
    [InlineData("id IS DISTINCT FROM big", "boolean")]
    [InlineData("CAST(id AS TEXT)", "text")]
    [InlineData("id::bigint", "bigint")]
    [InlineData("'42'::int", "integer")]
    [InlineData("TIMESTAMP '2020-04-15 12:02'", "timestamp without time zone")]
    [InlineData("ARRAY[1, 2]", "integer[]")]
    [InlineData("ARRAY[1, 2.5]", "numeric[]")]
    [InlineData("nums[1]", "integer")]
    [InlineData("tags[2]", "text")]
    [InlineData("lower(name)", "text")]
    [InlineData("length(name)", "integer")]
    [InlineData("round(amount, 1)", "numeric")]
    [InlineData("abs(id)", "integer")]
    [InlineData("date_trunc('hour', ts)", "timestamp without time zone")]
    [InlineData("doc ->> 'a'", "text")]
    [InlineData("doc -> 'a'", "jsonb")]
    [InlineData("array_join(tags, ',')", "text")]
    [InlineData("concat(name, id, flag)", "text")]
    [InlineData("-id", "integer")]
    [InlineData("NOT flag", "boolean")]
    public void ExpressionTypes(string expression, string expected) => Assert.Equal(expected, TypeOf(expression).ToString());

    [Theory]
    [InlineData("count(*)", "bigint")]
    [InlineData("count(name)", "bigint")]
    [InlineData("count(DISTINCT name)", "bigint")]
    [InlineData("sum(id)", "bigint")]
    [InlineData("sum(big)", "numeric")]
    [InlineData("sum(price)", "double precision")]
    [InlineData("avg(id)", "numeric")]
    [InlineData("avg(price)", "double precision")]
    [InlineData("min(name)", "text")]
    [InlineData("max(ts)", "timestamp without time zone")]
    [InlineData("string_agg(name, ',')", "text")]
    [InlineData("array_agg(id)", "integer[]")]
    [InlineData("bool_and(flag)", "boolean")]
    [InlineData("round(avg(id), 1)", "numeric")]
    [InlineData("count(*) FILTER (WHERE flag)", "bigint")]
    public void AggregateTypes(string expression, string expected) => Assert.Equal(expected, TypeOf(expression).ToString());

    [Fact]
    public void UnknownLiteralTakesTheComparedType()
    {
        var plan = PlannerTestHost.Ok<QueryPlan>("SELECT id FROM t WHERE ts > '2024-01-01 10:00:00';");
        Assert.Contains("Filter (ts > '2024-01-01 10:00:00'::timestamp without time zone)", PlanPrinter.Print(plan.Logical)[1]);
    }

    [Fact]
    public void ConstantsAreFolded()
    {
        var plan = PlannerTestHost.Ok<QueryPlan>("SELECT id FROM t WHERE id > 1 + 2 * 3;");
        Assert.Contains(PlanPrinter.Print(plan.Logical), line => line.Trim().StartsWith("Filter (id > 7)", StringComparison.Ordinal));
    }

    [Fact]
    public void VolatileFunctionsAreNotFolded()
    {
        var plan = PlannerTestHost.Ok<QueryPlan>("SELECT now() AS n FROM t;");
        Assert.Contains("now()", PlanPrinter.Print(plan.Logical)[0]);
    }

    [Fact]
    public void ParameterTypesAreInferred()
    {
        var result = PlannerTestHost.Ok("SELECT name FROM t WHERE id = $1 AND name LIKE $2 AND ts > $3;");
        Assert.Equal(["integer", "text", "timestamp without time zone"], result.ParameterTypes.Select(t => t.ToString()));
    }

    [Fact]
    public void GivenParameterTypesAreKept()
    {
        var result = PlannerTestHost.Ok("SELECT name FROM t WHERE big = $1;", [DataType.Int64]);
        Assert.Equal(["bigint"], result.ParameterTypes.Select(t => t.ToString()));
    }

    [Fact]
    public void UnusedParameterTypeDefaultsToText()
    {
        var result = PlannerTestHost.Ok("SELECT $1 AS p FROM t;");
        Assert.Equal(["text"], result.ParameterTypes.Select(t => t.ToString()));
    }
}
