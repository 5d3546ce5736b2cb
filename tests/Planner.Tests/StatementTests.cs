using StreamSql.Runtime.Plan;

namespace StreamSql.Planner.Tests;

/// <summary>What each statement kind plans to, and the query forms of the dialect.</summary>
public sealed class StatementTests
{
    private static string[] Columns(QueryPlan plan) => [.. plan.Columns.Select(c => c.Name)];

    private static string[] Explain(string statement) => [.. PlannerTestHost.Ok<ExplainPlan>("EXPLAIN " + statement).Lines];

    [Theory]
    [InlineData("SELECT * FROM u", new[] { "id", "name", "ts" })]
    [InlineData("SELECT u.* FROM u", new[] { "id", "name", "ts" })]
    [InlineData("SELECT x.id, y.name FROM u AS x JOIN t AS y ON x.id = y.id", new[] { "id", "name" })]
    [InlineData("SELECT * FROM u JOIN t USING (id) ", new[] { "id", "name", "ts", "name", "amount", "price", "small", "big", "ts", "tz", "day", "span", "flag", "doc", "tags", "nums" })]
    [InlineData("SELECT id FROM u NATURAL JOIN (SELECT id, name FROM t) AS n", new[] { "id" })]
    [InlineData("WITH c AS (SELECT id AS k FROM u) SELECT k FROM c WHERE k > 1", new[] { "k" })]
    [InlineData("WITH c (a, b) AS (SELECT id, name FROM u) SELECT b FROM c", new[] { "b" })]
    [InlineData("SELECT * FROM (SELECT id, name FROM u) AS q (a)", new[] { "a", "name" })]
    [InlineData("SELECT count(*), name FROM u GROUP BY name HAVING count(*) > 1 ORDER BY count(*) DESC", new[] { "count", "name" })]
    [InlineData("SELECT name AS n FROM u ORDER BY n", new[] { "n" })]
    [InlineData("SELECT name FROM u ORDER BY id LIMIT 5 OFFSET 2", new[] { "name" })]
    [InlineData("SELECT name FROM u ORDER BY 1", new[] { "name" })]
    [InlineData("SELECT DISTINCT name FROM u", new[] { "name" })]
    [InlineData("SELECT DISTINCT ON (name) name, id FROM u ORDER BY name, ts DESC", new[] { "name", "id" })]
    [InlineData("SELECT id FROM u UNION SELECT id FROM t ORDER BY id", new[] { "id" })]
    [InlineData("VALUES (1, 'a'), (2, 'b')", new[] { "column1", "column2" })]
    [InlineData("SELECT 1 + 1", new[] { "?column?" })]
    [InlineData("SELECT t.id, x.tag, x.n FROM t CROSS JOIN LATERAL unnest(t.tags) WITH ORDINALITY AS x(tag, n)", new[] { "id", "tag", "n" })]
    [InlineData("SELECT name, upper(name), id::text FROM u", new[] { "name", "upper", "id" })]
    [InlineData("SELECT window_start, window_end, count(*) AS c FROM TUMBLE(u, ts, INTERVAL '1' HOUR) GROUP BY 1, 2", new[] { "window_start", "window_end", "c" })]
    [InlineData("SELECT w.id, w.window_start FROM HOP(u, ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE, INTERVAL '30' SECOND) AS w", new[] { "id", "window_start" })]
    [InlineData("SELECT * FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY ts DESC) AS rn FROM u) AS r WHERE rn <= 2", new[] { "id", "rn" })]
    public void QueryForms(string sql, string[] columns) => Assert.Equal(columns, Columns(PlannerTestHost.Ok<QueryPlan>(sql + ";")));

    [Fact]
    public void OneTimeQueryLowersToRuntimeNodes()
    {
        var plan = PlannerTestHost.Ok<QueryPlan>("SELECT name, count(*) AS n FROM u WHERE id > 0 GROUP BY name ORDER BY n DESC LIMIT 3;");
        var limit = Assert.IsType<LimitNode>(plan.Physical);
        Assert.Equal(3, limit.Limit);
        var sort = Assert.IsType<SortNode>(limit.Input);
        Assert.Equal([new Runtime.Plan.SortKey(1, true, true)], sort.Keys.ToArray());
        Assert.Equal(["name", "n"], plan.Physical.Schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public void RowNumberFilterBecomesTopN()
    {
        var lines = Explain("CREATE MATERIALIZED VIEW m AS SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY ts) AS rn FROM u) AS r WHERE rn < 3;");
        Assert.Contains(lines, l => l.Trim().StartsWith("TopN partition by name order by ts limit 2", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Filter", StringComparison.Ordinal));
    }

    [Fact]
    public void PredicatesArePushedIntoJoinSides()
    {
        var lines = Explain("SELECT u.name FROM u JOIN t ON u.id = t.id WHERE t.flag AND u.name = 'a' AND u.ts < t.ts;");
        var join = Array.FindIndex(lines, l => l.Contains("Join inner on id = id", StringComparison.Ordinal));
        Assert.True(join >= 0, string.Join("\n", lines));
        Assert.Contains("filter (ts < ts)", lines[join]);
        Assert.Contains(lines.Skip(join), l => l.Contains("Filter (name = 'a')", StringComparison.Ordinal));
        Assert.Contains(lines.Skip(join), l => l.Contains("Filter flag", StringComparison.Ordinal));
    }

    [Fact]
    public void OuterJoinKeepsFiltersOnTheNullableSideAbove()
    {
        var lines = Explain("SELECT u.name FROM u LEFT JOIN t ON u.id = t.id WHERE t.flag;");
        Assert.Contains("Filter flag", lines[1]);
    }

    [Fact]
    public void CreateTableDefinesColumnsKeyAndWatermark()
    {
        var created = PlannerTestHost.Ok<CreateTablePlan>("CREATE TABLE w (a INT, b TIMESTAMP, PRIMARY KEY (a), WATERMARK FOR b AS b - INTERVAL '3' SECOND) APPEND ONLY;");
        Assert.Equal([0], created.Table.PrimaryKey.ToArray());
        Assert.True(created.Table.AppendOnly);
        Assert.Equal(1, created.Table.Watermark!.ColumnIndex);
        Assert.Equal(3_000_000, created.Table.Watermark.Delay.TotalMicros);
        Assert.True(created.Table.Id > 0);
    }

    [Fact]
    public void CreateSourceKeepsConnectorAndFormat()
    {
        var created = PlannerTestHost.Ok<CreateSourcePlan>("CREATE SOURCE d (line TEXT) WITH (connector = 'directory', path = '/in', pattern = '*.csv', on_error = 'skip') FORMAT CSV (header = true, delimiter = ';');");
        Assert.Equal("directory", created.Source.Connector.Name);
        Assert.Equal("/in", created.Source.Connector.Get("path"));
        Assert.Equal("skip", created.Source.Connector.Get("on_error"));
        Assert.Equal("CSV", created.Source.Format.Name);
        Assert.Equal(";", created.Source.Format.Options["delimiter"]);
        Assert.StartsWith("CREATE SOURCE d", created.Source.Definition);
    }

    [Fact]
    public void KafkaPropertiesPassThrough()
    {
        var created = PlannerTestHost.Ok<CreateSourcePlan>("CREATE SOURCE k (v TEXT) WITH (connector = 'kafka', topic = 't', 'bootstrap.servers' = 'b', 'properties.security.protocol' = 'PLAINTEXT');");
        Assert.Equal("PLAINTEXT", created.Source.Connector.Get("properties.security.protocol"));
        Assert.Equal("JSON", created.Source.Format.Name);
    }

    [Fact]
    public void MaterializedViewRecordsDependenciesAndPlan()
    {
        var result = PlannerTestHost.Ok("CREATE MATERIALIZED VIEW m AS SELECT k, count(*) AS n FROM s GROUP BY k;");
        var created = Assert.IsType<CreateMaterializedViewPlan>(result.Statement);
        var source = result.Catalog.Find("s")!;
        Assert.Equal([source.Id], created.View.Dependencies.ToArray());
        Assert.IsType<MaterializeNode>(created.Physical);
        Assert.Equal(EmitMode.OnUpdate, created.View.EmitMode);
        Assert.Same(created.View, result.Catalog.Find("m"));
    }

    [Fact]
    public void EmitOnWindowCloseMarksTheWindowedAggregate()
    {
        var created = PlannerTestHost.Ok<CreateMaterializedViewPlan>(
            "CREATE MATERIALIZED VIEW m AS SELECT window_start, count(*) AS n FROM TUMBLE(s, ts, INTERVAL '1' MINUTE) GROUP BY window_start EMIT ON WINDOW CLOSE;");
        var aggregate = created.Physical.Inputs[0].Inputs.OfType<HashAggregateNode>().Single();
        Assert.Equal(Runtime.Plan.EmitMode.OnWindowClose, aggregate.Emit);
        Assert.Equal(0, aggregate.WindowKey);
        Assert.Equal(Runtime.Plan.ChangelogMode.AppendOnly, aggregate.Mode);
    }

    [Fact]
    public void LateDataTableMustBeATable()
    {
        var created = PlannerTestHost.Ok<CreateMaterializedViewPlan>(
            "CREATE TABLE late (k TEXT, v INT, ts TIMESTAMP); CREATE MATERIALIZED VIEW m AS SELECT window_start, count(*) AS n FROM TUMBLE(s, ts, INTERVAL '1' MINUTE) GROUP BY window_start LATE DATA TO late;");
        Assert.Equal("late", created.LateData!.Table.Name);
    }

    [Fact]
    public void SinkFromRelation()
    {
        var created = PlannerTestHost.Ok<CreateSinkPlan>("CREATE SINK out FROM u WITH (connector = 'console', rows = '5');");
        Assert.IsType<SinkNode>(created.Physical);
        Assert.Equal("TEXT", created.Sink.Format.Name);
        Assert.Equal(["id", "name", "ts"], created.Sink.Columns.Select(c => c.Name));
    }

    [Fact]
    public void SinkFromQuery()
    {
        var created = PlannerTestHost.Ok<CreateSinkPlan>("CREATE SINK out AS SELECT k, v FROM s WHERE v > 1 WITH (connector = 'file', path = '/out') FORMAT CSV;");
        Assert.Equal("file", created.Sink.Connector.Name);
        Assert.Equal("CSV", created.Sink.Format.Name);
    }

    [Fact]
    public void InsertFillsOmittedColumnsAndCasts()
    {
        var insert = PlannerTestHost.Ok<InsertPlan>("INSERT INTO u (name, id) VALUES ('a', 1), ('b', 2.7);");
        var project = Assert.IsType<ProjectNode>(insert.Rows);
        Assert.Equal(["id", "name", "ts"], project.Schema.Fields.Select(f => f.Name));
        Assert.Equal(Runtime.Types.DataType.Int32, project.Schema.Fields[0].Type);
        Assert.IsType<Runtime.Plan.LiteralExpression>(project.Expressions[2]);
    }

    [Fact]
    public void InsertWithoutColumnListDefaultsTrailingColumns()
    {
        var insert = PlannerTestHost.Ok<InsertPlan>("INSERT INTO u VALUES (1), (2);");
        Assert.Equal(3, insert.Rows.Schema.Count);
        var withDefault = PlannerTestHost.Ok<InsertPlan>("INSERT INTO u VALUES (1, DEFAULT, '2024-01-01 00:00:00');");
        Assert.Equal(Runtime.Types.DataType.Text, withDefault.Rows.Schema.Fields[1].Type);
    }

    [Fact]
    public void InsertSelect() => Assert.Equal("u", PlannerTestHost.Ok<InsertPlan>("INSERT INTO u SELECT id, name, ts FROM t WHERE id > 3;").Table.Name);

    [Fact]
    public void UpdateProducesOldAndNewRows()
    {
        var update = PlannerTestHost.Ok<UpdatePlan>("UPDATE u SET name = upper(name), ts = '2024-01-01 00:00:00' WHERE id = 1;");
        Assert.Equal(["id", "name", "ts", "id_new", "name_new", "ts_new"], update.Rows.Schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public void DeleteProducesTheRowsToRetract()
    {
        var delete = PlannerTestHost.Ok<DeletePlan>("DELETE FROM u WHERE name = 'x';");
        Assert.IsType<FilterNode>(delete.Rows);
        Assert.Equal(3, delete.Rows.Schema.Count);
    }

    [Fact]
    public void SubscribeToAView()
    {
        var subscribe = PlannerTestHost.Ok<SubscribePlan>("CREATE MATERIALIZED VIEW m AS SELECT * FROM u; SUBSCRIBE TO m WITH (snapshot = false, progress = true, since = 42);");
        Assert.Equal("m", subscribe.Relation!.Name);
        Assert.Null(subscribe.Physical);
        Assert.Equal(new SubscribeOptions(false, true, 42), subscribe.Options);
    }

    [Fact]
    public void SubscribeToAQueryOverASource()
    {
        var subscribe = PlannerTestHost.Ok<SubscribePlan>("SUBSCRIBE (SELECT k, v FROM s WHERE v > 0);");
        Assert.Null(subscribe.Relation);
        Assert.NotNull(subscribe.Physical);
        Assert.Equal(SubscribeOptions.Default, subscribe.Options);
    }

    [Fact]
    public void CursorStatements()
    {
        var declare = PlannerTestHost.Ok<DeclareCursorPlan>("DECLARE c CURSOR FOR SUBSCRIBE u;");
        Assert.Equal("c", declare.Name);
        Assert.IsType<SubscribePlan>(declare.Source);
        var fetch = PlannerTestHost.Ok<FetchPlan>("FETCH 10 c WITH (timeout = '1s');");
        Assert.Equal(new FetchPlan("c", 10, TimeSpan.FromSeconds(1)), fetch);
        Assert.Null(PlannerTestHost.Ok<FetchPlan>("FETCH ALL c;").Count);
        Assert.Equal("c", PlannerTestHost.Ok<ClosePlan>("CLOSE c;").Cursor);
    }

    [Fact]
    public void CopySubscribe() => Assert.IsType<SubscribePlan>(PlannerTestHost.Ok<CopyToPlan>("COPY (SUBSCRIBE u) TO STDOUT;").Inner);

    [Fact]
    public void CopyFromFillsTheTableRowAsAnInsertWithTheColumnList()
    {
        var copy = PlannerTestHost.Ok<CopyFromPlan>("COPY u (ts, id) FROM STDIN WITH (FORMAT csv, HEADER match, NULL 'n', FORCE_NOT_NULL (id));");
        Assert.Equal("u", copy.Table.Name);
        Assert.Equal(["ts", "id"], copy.Columns.Select(c => c.Name));
        // id from the second value, name not written (filled as INSERT INTO u (ts, id) fills it), ts from the first.
        Assert.Equal(3, copy.Fill.Length);
        Assert.Equal(1, Assert.IsType<Runtime.Plan.ColumnExpression>(copy.Fill[0]).Index);
        Assert.Null(Assert.IsType<Runtime.Plan.LiteralExpression>(copy.Fill[1]).Value);
        Assert.Equal(0, Assert.IsType<Runtime.Plan.ColumnExpression>(copy.Fill[2]).Index);
        Assert.Equal((true, true, true, "n", ','), (copy.Format.Csv, copy.Format.Header, copy.Format.HeaderMatch, copy.Format.Null, copy.Format.Delimiter));
        Assert.Equal([1], copy.Format.ForceNotNull.AsEnumerable());
    }

    [Fact]
    public void CopyOfATableToStdoutIsAQueryOfItsColumns()
    {
        var copy = PlannerTestHost.Ok<CopyToPlan>("COPY u (name, id) TO STDOUT WITH BINARY;");
        var query = Assert.IsType<QueryPlan>(copy.Inner);
        Assert.Equal(["name", "id"], query.Columns.Select(c => c.Name));
        Assert.True(copy.Format.Binary);
    }

    [Fact]
    public void ShowListsCatalogObjects()
    {
        var show = PlannerTestHost.Ok<ShowPlan>("SHOW TABLES;");
        Assert.Equal([["t"], ["u"]], show.Rows.Select(r => r.Select(v => (string)v!).ToArray()));
        var columns = PlannerTestHost.Ok<ShowPlan>("SHOW COLUMNS FROM u;");
        Assert.Equal(["id", "integer"], columns.Rows[0].Select(v => (string)v!));
        var create = PlannerTestHost.Ok<ShowPlan>("SHOW CREATE TABLE u;");
        Assert.StartsWith("CREATE TABLE u", (string)create.Rows[0][1]!);
        Assert.Equal(ShowTarget.Watermarks, PlannerTestHost.Ok<ShowPlan>("SHOW WATERMARKS;").Target);
    }

    [Fact]
    public void SetAndShowSettings()
    {
        Assert.Equal(new SetPlan("rw_implicit_flush", "true"), PlannerTestHost.Ok<SetPlan>("SET RW_IMPLICIT_FLUSH TO true;"));
        Assert.Equal(new SetPlan("streaming_parallelism", "1"), PlannerTestHost.Ok<SetPlan>("SET streaming_parallelism = 1;"));
        var show = PlannerTestHost.Ok<ShowPlan>("SHOW timezone;");
        Assert.Equal(ShowTarget.Variable, show.Target);
        Assert.Equal("timezone", show.Name);
    }

    [Fact]
    public void TransactionsAndFlush()
    {
        Assert.Equal("BEGIN", PlannerTestHost.Ok<TransactionPlan>("BEGIN;").CommandTag);
        Assert.Equal("COMMIT", PlannerTestHost.Ok<TransactionPlan>("COMMIT;").CommandTag);
        Assert.IsType<FlushPlan>(PlannerTestHost.Ok("FLUSH;").Statement);
    }

    [Fact]
    public void ExplainDoesNotChangeTheCatalog()
    {
        var result = PlannerTestHost.Ok("EXPLAIN CREATE MATERIALIZED VIEW m AS SELECT * FROM u;");
        Assert.Null(result.Catalog.Find("m"));
    }

    [Fact]
    public void ExplainPhysicalPrintsRuntimeNodes()
    {
        var lines = Explain("PHYSICAL SELECT name FROM u WHERE id = 1;");
        Assert.StartsWith("Project", lines[0]);
        Assert.Contains(lines, l => l.Trim().StartsWith("TableScan u", StringComparison.Ordinal));
    }

    [Fact]
    public void CatalogIdsAreStableAndNeverReused()
    {
        var results = PlannerTestHost.PlanAll("CREATE TABLE a (x INT); CREATE TABLE b (x INT); DROP TABLE a; CREATE TABLE a (x INT);");
        var catalog = results[^1].Catalog;
        Assert.Equal(2, catalog.Find("b")!.Id);
        Assert.Equal(3, catalog.Find("a")!.Id);
        Assert.Equal(4, catalog.NextId);
    }

    [Fact]
    public void QuotedNamesKeepTheirCase()
    {
        var results = PlannerTestHost.PlanAll("CREATE TABLE \"Mixed\" (\"Col\" INT); SELECT \"Col\" FROM \"Mixed\"; SELECT col FROM \"Mixed\";");
        Assert.True(results[1].Succeeded);
        Assert.False(results[2].Succeeded);
    }

    [Fact]
    public void PlainViewsAreInlined()
    {
        var result = PlannerTestHost.Ok("CREATE VIEW v1 AS SELECT id, name FROM u WHERE id > 0; CREATE VIEW v2 AS SELECT name FROM v1; EXPLAIN SELECT * FROM v2;");
        var explain = Assert.IsType<ExplainPlan>(result.Statement);
        Assert.Contains(explain.Lines, l => l.Trim().StartsWith("TableScan u", StringComparison.Ordinal));
    }

    [Fact]
    public void SystemTablesAreScannedByName()
    {
        var catalog = Catalog.Empty.With(new SystemTableDefinition(0, "pg_catalog.pg_class",
            [new ColumnDefinition("relname", Runtime.Types.DataType.Text), new ColumnDefinition("oid", Runtime.Types.DataType.Int64)]));
        var parsed = Parser.SqlParser.Parse("SELECT relname FROM pg_class WHERE oid > 0; SELECT relname FROM pg_catalog.pg_class;");
        foreach (var statement in parsed.Statements)
        {
            var result = StatementPlanner.Plan(statement, catalog, new PlannerOptions(parsed.Source));
            var query = Assert.IsType<QueryPlan>(result.Statement);
            Assert.Contains(query.Physical.Inputs.Concat([query.Physical]).SelectMany(n => n.Inputs.Append(n)), n => n is TableScanNode { Table: "pg_catalog.pg_class" });
        }
    }
}
