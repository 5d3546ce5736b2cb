using StreamSql.Parser.Diagnostics;
using StreamSql.Runtime.Plan;

namespace StreamSql.Planner.Tests;

/// <summary>
/// Correlated subqueries are bound over their domain (the distinct outer values they read) and joined back
/// on it null-safely; what they cannot contain is refused with 0A000 at the offending clause. Their results
/// are checked against PostgreSQL in tests/Conformance/correlated_subqueries.slt and the differential test.
/// </summary>
public sealed class CorrelatedSubqueryTests
{
    private static QueryPlan Query(string sql) => PlannerTestHost.Ok<QueryPlan>(sql);

    private static IEnumerable<PlanNode> Nodes(PlanNode node) => node.Inputs.SelectMany(Nodes).Prepend(node);

    [Theory]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.name = u.name)")]
    [InlineData("SELECT id FROM u WHERE NOT EXISTS (SELECT 1 FROM t WHERE t.name = u.name AND t.id > u.id)")]
    [InlineData("SELECT id, id IN (SELECT t.id FROM t WHERE t.name = u.name) AS i FROM u")]
    [InlineData("SELECT id FROM u WHERE id NOT IN (SELECT small FROM t WHERE t.ts < u.ts)")]
    [InlineData("SELECT id, ARRAY(SELECT t.id FROM t WHERE t.name = u.name ORDER BY 1) AS ids FROM u")]
    [InlineData("SELECT id, (SELECT count(*) FROM t WHERE t.name = u.name) AS n FROM u")]
    [InlineData("SELECT id, (SELECT sum(x) FROM (SELECT t.id + u.id AS x FROM t WHERE t.name = u.name) AS d) AS s FROM u")]
    [InlineData("SELECT id, (SELECT count(*) FROM unnest(ARRAY[u.id, 2]) AS a) AS n FROM u")]
    [InlineData("SELECT id, id = ANY (SELECT t.id FROM t WHERE t.name = u.name UNION SELECT 0) AS a FROM u")]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.name = u.name AND EXISTS (SELECT 1 FROM u AS v WHERE v.id = t.id AND v.ts = u.ts))")]
    public void JoinsTheSubqueryBackOnItsDomainNullSafely(string sql)
    {
        var nodes = Nodes(Query(sql + ";").Physical).ToList();
        var joinBack = nodes.OfType<JoinNode>().First(j => j.Kind == JoinKind.Left);
        Assert.False(joinBack.NullSafeKeys.IsDefault);
        Assert.All(joinBack.NullSafeKeys, Assert.True);
        Assert.Equal(joinBack.LeftKeys.Length, joinBack.RightKeys.Length);
        Assert.Null(joinBack.Residual);
    }

    [Fact]
    public void DomainIsTheDistinctOuterValuesRead()
    {
        var lines = PlannerTestHost.Ok<ExplainPlan>("EXPLAIN SELECT id FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.name = u.name AND t.ts > u.ts);").Lines;
        Assert.Contains(lines, l => l.Contains("Join left on name IS NOT DISTINCT FROM name and ts IS NOT DISTINCT FROM ts", StringComparison.Ordinal));
        var distinct = lines.ToList().FindIndex(l => l.TrimStart().StartsWith("Distinct", StringComparison.Ordinal));
        Assert.True(distinct > 0);
        Assert.StartsWith("Project name, ts", lines[distinct + 1].TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void SingleRowLookupsStayPlainLeftJoins()
    {
        var plan = Query("SELECT id, (SELECT t.amount FROM t WHERE t.id = u.id) AS a FROM u;");
        var join = Assert.Single(Nodes(plan.Physical).OfType<JoinNode>());
        Assert.True(join.NullSafeKeys.IsDefault);
        Assert.Equal(JoinKind.Left, join.Kind);
    }

    [Fact]
    public void OtherLookupsAreReducedToOneRowPerOuterValue()
    {
        var query = PlannerTestHost.Ok<ExplainPlan>("EXPLAIN SELECT id, (SELECT t.amount FROM t WHERE t.name = u.name) AS a FROM u;").Lines;
        Assert.Contains(query, l => l.Contains("streamsql_scalar_subquery_row(?count, amount)", StringComparison.Ordinal));
        var view = PlannerTestHost.Ok<ExplainPlan>("EXPLAIN CREATE MATERIALIZED VIEW m AS SELECT id, (SELECT t.amount FROM t WHERE t.name = u.name) AS a FROM u;").Lines;
        Assert.DoesNotContain(view, l => l.Contains("streamsql_scalar_subquery_row", StringComparison.Ordinal));
        Assert.Contains(view, l => l.Contains("?count > 1", StringComparison.Ordinal));
    }

    [Fact]
    public void CountOverNoRowsIsZero()
    {
        var lines = PlannerTestHost.Ok<ExplainPlan>("EXPLAIN SELECT id, (SELECT count(*) FROM t WHERE t.name = u.name) AS n FROM u;").Lines;
        Assert.Contains(lines, l => l.Contains("CASE WHEN (?matched IS NOT NULL) THEN count ELSE 0 END AS n", StringComparison.Ordinal));
    }

    [Fact]
    public void MaintainedInAView()
    {
        var view = PlannerTestHost.Ok<CreateMaterializedViewPlan>(
            "CREATE MATERIALIZED VIEW m AS SELECT id, EXISTS (SELECT 1 FROM t WHERE t.name = u.name) AS e FROM u;");
        Assert.Equal(["id", "e"], view.View.Columns.Select(c => c.Name));
        Assert.Contains(Nodes(view.Physical), n => n is JoinNode { Kind: JoinKind.Left, NullSafeKeys.IsDefault: false });
    }

    [Theory]
    [InlineData("SELECT id, (SELECT t.id FROM t WHERE t.name = u.name ORDER BY 1 LIMIT 1) FROM u;", 71,
        "LIMIT or OFFSET in a subquery that reads columns of the enclosing query is not supported")]
    [InlineData("SELECT id, (SELECT t.id FROM t WHERE t.name = u.name OFFSET 1) FROM u;", 61,
        "LIMIT or OFFSET in a subquery that reads columns of the enclosing query is not supported")]
    [InlineData("SELECT id, (SELECT count(*) FROM t WHERE t.name = u.name HAVING count(*) > 1) FROM u;", 65,
        "HAVING without GROUP BY in a subquery that reads columns of the enclosing query is not supported")]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT DISTINCT ON (t.id) t.id FROM t WHERE t.name = u.name);", 52,
        "DISTINCT ON in a subquery that reads columns of the enclosing query is not supported")]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT row_number() OVER (ORDER BY t.id) FROM t WHERE t.name = u.name);", 39,
        "a window function in a subquery that reads columns of the enclosing query is not supported")]
    public void RefusedClausesPointAtThemselves(string sql, int column, string message)
    {
        var result = PlannerTestHost.PlanAll(PlannerTestHost.Schema + "\n" + sql)[^1];
        var error = Assert.Single(result.Errors);
        Assert.Equal(DiagnosticCodes.FeatureNotSupported.Code, error.Code);
        Assert.Equal("0A000", error.SqlState);
        Assert.Equal(message, error.Message);
        var parsed = Parser.SqlParser.Parse(PlannerTestHost.Schema + "\n" + sql);
        Assert.Equal(new LinePosition(2, column), parsed.Source.GetLinePosition(error.Span.Start));
    }

    [Theory]
    [InlineData("SELECT id FROM u WHERE id IN (SELECT t.id, t.name FROM t WHERE t.name = u.name);", "subquery must return only one column", "42601")]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.name = u.nope);", "column \"u.nope\" does not exist", "42703")]
    [InlineData("SELECT id FROM u WHERE EXISTS (SELECT 1 FROM t WHERE t.name = x.name);", "relation \"x\" does not exist", "42P01")]
    public void OtherErrorsStayTheirOwn(string sql, string message, string sqlState)
    {
        var error = Assert.Single(PlannerTestHost.PlanAll(PlannerTestHost.Schema + "\n" + sql)[^1].Errors);
        Assert.Equal(message, error.Message);
        Assert.Equal(sqlState, error.SqlState);
    }
}
