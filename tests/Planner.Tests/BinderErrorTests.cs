using StreamSql.Parser;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Planner.Tests;

/// <summary>
/// Each binder error: its code, SQLSTATE, and the line and column of the offending node. The setup
/// script (line 1) must bind cleanly; the statement under test is on line 2.
/// </summary>
public sealed class BinderErrorTests
{
    private const string Setup =
        "CREATE TABLE t (id INT PRIMARY KEY, name TEXT, amount NUMERIC, ts TIMESTAMP, flag BOOLEAN); " +
        "CREATE TABLE u (id INT, name TEXT); " +
        "CREATE SOURCE s (k TEXT, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH (connector = 'kafka', topic = 'x', 'bootstrap.servers' = 'b:9092'); " +
        "CREATE TABLE nowm (k TEXT, ts TIMESTAMP);";

    private static (Diagnostic Diagnostic, LinePosition Position) Fail(string statement)
    {
        var results = Plan(statement, out var source);
        var last = results[^1];
        Assert.All(results.Take(results.Length - 1), r => Assert.True(r.Succeeded, string.Join("; ", r.Errors.Select(e => e.Message))));
        Assert.False(last.Succeeded);
        Assert.Null(last.Statement);
        var error = Assert.Single(last.Errors);
        return (error, source.GetLinePosition(error.Span.Start));
    }

    private static PlanResult[] Plan(string statement, out SourceText source)
    {
        var parsed = SqlParser.Parse(Setup + "\n" + statement);
        Assert.False(parsed.HasErrors, string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
        source = parsed.Source;
        return [.. StatementPlanner.PlanScript(parsed, Catalog.Empty)];
    }

    private static Diagnostic AssertError(string statement, DiagnosticDescriptor expected, int column)
    {
        var (diagnostic, position) = Fail(statement);
        Assert.Equal(expected.Code, diagnostic.Code);
        Assert.Equal(expected.SqlState, diagnostic.SqlState);
        Assert.Equal(new LinePosition(2, column), position);
        return diagnostic;
    }

    [Fact]
    public void UndefinedTable()
    {
        var error = AssertError("SELECT * FROM missing;", DiagnosticCodes.UndefinedTable, 15);
        Assert.Equal("42P01", error.SqlState);
        Assert.Equal("relation \"missing\" does not exist", error.Message);
    }

    [Fact]
    public void UndefinedTableSuggestsCloseName()
    {
        var error = AssertError("SELECT * FROM nowmm;", DiagnosticCodes.UndefinedTable, 15);
        Assert.Equal("did you mean \"nowm\"?", error.Hint);
    }

    [Fact]
    public void UndefinedQualifier() => AssertError("SELECT x.id FROM t;", DiagnosticCodes.UndefinedTable, 8);

    [Fact]
    public void ReturningErrorsPointAtTheirItem()
    {
        AssertError("INSERT INTO u VALUES (1, 'a') RETURNING id, nope;", DiagnosticCodes.UndefinedColumn, 45);
        Assert.Contains("RETURNING", AssertError("UPDATE u SET name = 'b' RETURNING count(*);", DiagnosticCodes.AggregateNotAllowed, 35).Message);
        AssertError("DELETE FROM u AS x RETURNING u.*;", DiagnosticCodes.UndefinedTable, 30);
    }

    [Fact]
    public void OnConflictErrorsPointAtTheirClause()
    {
        AssertError("INSERT INTO t (id) VALUES (1) ON CONFLICT DO UPDATE SET name = 'x';", DiagnosticCodes.ConflictUpdateWithoutTarget, 31);
        AssertError("INSERT INTO t (id) VALUES (1) ON CONFLICT (name) DO NOTHING;", DiagnosticCodes.NoConflictConstraint, 31);
        AssertError("INSERT INTO u VALUES (1) ON CONFLICT (id) DO NOTHING;", DiagnosticCodes.NoConflictConstraint, 26);
        AssertError("INSERT INTO t (id) VALUES (1) ON CONFLICT ON CONSTRAINT u_pkey DO NOTHING;", DiagnosticCodes.UndefinedTableConstraint, 57);
        AssertError("INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET nope = 1;", DiagnosticCodes.UndefinedTargetColumn, 62);
        AssertError("INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET name = name;", DiagnosticCodes.AmbiguousColumn, 69);
    }

    [Fact]
    public void ConstantsInOrderByGroupByAndDistinctOnArePositionsOrErrors()
    {
        AssertError("SELECT id FROM t ORDER BY 2147483648;", DiagnosticCodes.NonIntegerConstant, 27);
        AssertError("SELECT id FROM t ORDER BY 'x';", DiagnosticCodes.NonIntegerConstant, 27);
        AssertError("SELECT id FROM t ORDER BY -1;", DiagnosticCodes.PositionNotInSelectList, 27);
        AssertError("SELECT id FROM t GROUP BY 1.5;", DiagnosticCodes.NonIntegerConstant, 27);
        AssertError("SELECT DISTINCT ON (NULL) id FROM t;", DiagnosticCodes.NonIntegerConstant, 21);
        AssertError("SELECT 1 AS x UNION SELECT 2 ORDER BY 'a';", DiagnosticCodes.NonIntegerConstant, 39);
    }

    [Fact]
    public void ExplainAnalyzeRunsQueriesOnly()
    {
        var error = AssertError("EXPLAIN ANALYZE INSERT INTO u VALUES (1, 'a');", DiagnosticCodes.FeatureNotSupported, 17);
        Assert.Equal("EXPLAIN ANALYZE of INSERT is not supported", error.Message);
        Assert.Equal("0A000", error.SqlState);
        Assert.Equal("EXPLAIN ANALYZE of CREATE MATERIALIZED VIEW is not supported",
            AssertError("EXPLAIN ANALYZE CREATE MATERIALIZED VIEW m AS SELECT count(*) FROM u;", DiagnosticCodes.FeatureNotSupported, 17).Message);
    }

    [Fact]
    public void ASubqueryOverGroupsReadsOnlyGroupedOuterColumns()
    {
        var error = AssertError("SELECT id, (SELECT count(*) FROM u WHERE u.name = t.name) FROM t GROUP BY id;", DiagnosticCodes.UngroupedOuterColumn, 12);
        Assert.Equal("subquery uses ungrouped column \"t.name\" from outer query", error.Message);
        Assert.Equal("42803", error.SqlState);
        // In HAVING, the error points at the condition.
        AssertError("SELECT id FROM t GROUP BY id HAVING (SELECT count(*) FROM u WHERE u.name = t.name) > 0;", DiagnosticCodes.UngroupedOuterColumn, 37);
    }

    [Fact]
    public void UndefinedColumn()
    {
        var error = AssertError("SELECT id, nmae FROM t;", DiagnosticCodes.UndefinedColumn, 12);
        Assert.Equal("column \"nmae\" does not exist", error.Message);
        Assert.Equal("did you mean \"name\"?", error.Hint);
    }

    [Fact]
    public void AmbiguousColumn()
    {
        var error = AssertError("SELECT name FROM t JOIN u ON t.id = u.id;", DiagnosticCodes.AmbiguousColumn, 8);
        Assert.Contains("t.name, u.name", error.Message);
    }

    [Fact]
    public void UndefinedFunctionWithSuggestion()
    {
        var error = AssertError("SELECT lenght(name) FROM t;", DiagnosticCodes.UndefinedFunction, 8);
        Assert.Equal("function lenght(text) does not exist", error.Message);
        Assert.Equal("did you mean length?", error.Hint);
    }

    [Fact]
    public void OperatorWithoutOverload()
    {
        var error = AssertError("SELECT flag + 1 FROM t;", DiagnosticCodes.UndefinedFunction, 8);
        Assert.Equal("function operator +(boolean, integer) does not exist", error.Message);
    }

    [Fact]
    public void WhereMustBeBoolean()
    {
        var error = AssertError("SELECT id FROM t WHERE amount;", DiagnosticCodes.DatatypeMismatch, 24);
        Assert.Equal("argument of WHERE must be type boolean, not type numeric", error.Message);
    }

    [Fact]
    public void InsertTypeMismatch()
    {
        var error = AssertError("INSERT INTO t (id, flag) VALUES (1, 2.5);", DiagnosticCodes.DatatypeMismatch, 26);
        Assert.Equal("column \"flag\" is of type boolean but expression is of type numeric", error.Message);
    }

    [Fact]
    public void CannotCast() => AssertError("SELECT CAST(ts AS BOOLEAN) FROM t;", DiagnosticCodes.CannotCast, 8);

    [Fact]
    public void GroupingErrorNamesTheColumn()
    {
        var error = AssertError("SELECT name, count(*) FROM t GROUP BY id;", DiagnosticCodes.GroupingError, 8);
        Assert.Equal("column \"t.name\" must appear in the GROUP BY clause or be used in an aggregate function", error.Message);
    }

    [Fact]
    public void AggregateInWhere() => AssertError("SELECT id FROM t WHERE count(*) > 1;", DiagnosticCodes.AggregateNotAllowed, 24);

    [Fact]
    public void DuplicateObject() => AssertError("CREATE TABLE u (x INT);", DiagnosticCodes.DuplicateObject, 14);

    [Fact]
    public void CreateIfNotExistsIsANoOp()
    {
        var results = Plan("CREATE TABLE IF NOT EXISTS u (x INT);", out _);
        var skip = Assert.IsType<NoOpPlan>(results[^1].Statement);
        Assert.Equal("CREATE TABLE", skip.CommandTag);
        Assert.Equal(2, results[^1].Catalog.Find("u")!.Columns.Length);
    }

    [Fact]
    public void UndefinedType() => AssertError("CREATE TABLE v (x INTEGR);", DiagnosticCodes.UndefinedObject, 19);

    [Fact]
    public void DuplicateColumn() => AssertError("CREATE TABLE v (x INT, x TEXT);", DiagnosticCodes.DuplicateColumn, 24);

    [Fact]
    public void UnknownConnectorOptionNamesTheValidOnes()
    {
        var error = AssertError("CREATE SOURCE s2 (x TEXT) WITH (connector = 'kafka', topic = 't', 'bootstrap.servers' = 'b', colour = 'red');",
            DiagnosticCodes.UnknownOption, 94);
        Assert.Equal("unknown option 'colour' for connector 'kafka'", error.Message);
        Assert.Equal("valid options: topic, bootstrap.servers, group.id, startup, properties.*, on_error, max_rows_per_epoch, idle_timeout", error.Hint);
    }

    [Fact]
    public void MissingConnectorOption()
    {
        var error = AssertError("CREATE SOURCE s2 (x TEXT) WITH (connector = 'directory');", DiagnosticCodes.MissingOption, 33);
        Assert.Equal("missing required option 'path' for connector 'directory'", error.Message);
    }

    [Fact]
    public void UnknownConnector() => AssertError("CREATE SINK k FROM t WITH (connector = 'smoke');", DiagnosticCodes.InvalidOptionValue, 28);

    [Fact]
    public void InvalidOptionValue()
    {
        var error = AssertError("CREATE SOURCE s2 (x TEXT) WITH (connector = 'socket', host = 'h', port = 'eighty');", DiagnosticCodes.InvalidOptionValue, 67);
        Assert.Equal("invalid value for option 'port': expected a positive integer", error.Message);
    }

    [Fact]
    public void UnknownFormatOption() => AssertError("CREATE SOURCE s2 (x TEXT) WITH (connector = 'directory', path = '/in') FORMAT CSV (quote = '\"');", DiagnosticCodes.UnknownOption, 84);

    [Fact]
    public void WindowTimeColumnMustBeTimestamp()
    {
        var error = AssertError("SELECT * FROM TUMBLE(t, name, INTERVAL '1' MINUTE);", DiagnosticCodes.WindowTimeColumnNotTimestamp, 25);
        Assert.Equal("42804", error.SqlState);
        Assert.Equal("time column \"name\" of TUMBLE must be a timestamp, not text", error.Message);
    }

    [Fact]
    public void HopSlideMustBePositive()
    {
        var error = AssertError("SELECT * FROM HOP(t, ts, INTERVAL '0' SECOND, INTERVAL '1' MINUTE);", DiagnosticCodes.WindowSizeNotPositive, 26);
        Assert.Equal("22023", error.SqlState);
        Assert.Equal("slide of HOP must be a positive interval", error.Message);
    }

    [Fact]
    public void HopPutsARowInAtMostAMillionWindows()
    {
        var error = AssertError("SELECT * FROM HOP(t, ts, INTERVAL '1' SECOND, INTERVAL '1000001' SECOND);", DiagnosticCodes.InvalidParameterValue, 47);
        Assert.Equal("size of HOP (277:46:41) puts each row in 1000001 windows of slide 00:00:01; at most 1000000 are allowed", error.Message);
        Assert.DoesNotContain(Plan("SELECT * FROM HOP(t, ts, INTERVAL '1' SECOND, INTERVAL '1000000' SECOND);", out _).SelectMany(r => r.Diagnostics), d => d.IsError);
    }

    [Fact]
    public void HopSizeMustBePositive() =>
        AssertError("SELECT * FROM HOP(t, ts, INTERVAL '1' SECOND, INTERVAL '-1' MINUTE);", DiagnosticCodes.WindowSizeNotPositive, 47);

    [Fact]
    public void HopSizeMustBeAMultipleOfTheSlide() =>
        AssertError("SELECT * FROM HOP(t, ts, INTERVAL '7' SECOND, INTERVAL '1' MINUTE);", DiagnosticCodes.InvalidParameterValue, 47);

    [Fact]
    public void EmitOnWindowCloseNeedsAWatermark()
    {
        var error = AssertError(
            "CREATE MATERIALIZED VIEW m AS SELECT window_start, count(*) FROM TUMBLE(nowm, ts, INTERVAL '1' MINUTE) GROUP BY window_start EMIT ON WINDOW CLOSE;",
            DiagnosticCodes.EmitOnWindowCloseWithoutWatermark, 1);
        Assert.Equal("EMIT ON WINDOW CLOSE needs a watermark, but \"nowm\" has none", error.Message);
    }

    [Fact]
    public void EmitOnWindowCloseOverAWatermarkedInputNeedsAWindowInTheGroupBy()
    {
        var error = AssertError(
            "CREATE MATERIALIZED VIEW m AS SELECT k, count(*) FROM s GROUP BY k EMIT ON WINDOW CLOSE;",
            DiagnosticCodes.EmitOnWindowCloseWithoutWindow, 1);
        Assert.StartsWith("EMIT ON WINDOW CLOSE needs the aggregate to group by a window: \"s\" has a watermark", error.Message);
    }

    [Fact]
    public void SessionWindowNeedsAnAggregateOverIt()
    {
        var error = AssertError("SELECT * FROM SESSION(nowm, ts, INTERVAL '2' MINUTE);", DiagnosticCodes.FeatureNotSupported, 15);
        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("GROUP BY", error.Message);
        AssertError("CREATE MATERIALIZED VIEW m AS SELECT k FROM SESSION(nowm, ts, INTERVAL '2' MINUTE) WHERE k > 'a';",
            DiagnosticCodes.FeatureNotSupported, 45);
    }

    [Fact]
    public void SessionWindowUnderItsAggregateBinds()
    {
        var results = Plan("CREATE MATERIALIZED VIEW m AS SELECT window_start, k, count(*) FROM SESSION(nowm, ts, INTERVAL '2' MINUTE) GROUP BY window_start, k;", out _);
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors.Select(e => e.Message))));
    }

    [Fact]
    public void DistinctOnMustLeadOrderBy()
    {
        var error = AssertError("SELECT DISTINCT ON (name) id FROM t ORDER BY id;", DiagnosticCodes.DistinctOnOrderMismatch, 21);
        Assert.Equal("42P10", error.SqlState);
        AssertError("SELECT DISTINCT ON (id, name) id FROM t ORDER BY id, amount, name;", DiagnosticCodes.DistinctOnOrderMismatch, 25);
    }

    [Fact]
    public void GroupByExpressionIsMatchedStructurally()
    {
        var results = Plan("SELECT id % 2, lower(name), count(*) FROM t GROUP BY id % 2, lower(name) HAVING id % 2 > 0 ORDER BY lower(name);", out _);
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors.Select(e => e.Message))));
        AssertError("SELECT id % 3, count(*) FROM t GROUP BY id % 2;", DiagnosticCodes.GroupingError, 8);
    }

    [Fact]
    public void SelectFromSourceHintsAtViewsAndSubscribe()
    {
        var error = AssertError("SELECT k FROM s;", DiagnosticCodes.SelectFromSource, 15);
        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("CREATE MATERIALIZED VIEW", error.Hint);
        Assert.Contains("SUBSCRIBE", error.Hint);
    }

    [Fact]
    public void SelectFromAViewOverASource() =>
        AssertError("CREATE VIEW sv AS SELECT k FROM s; SELECT * FROM sv;", DiagnosticCodes.SelectFromSource, 50);

    [Fact]
    public void SourceCanFeedAMaterializedView()
    {
        var results = Plan("CREATE MATERIALIZED VIEW m AS SELECT k, count(*) AS n FROM s GROUP BY k;", out _);
        var created = Assert.IsType<CreateMaterializedViewPlan>(results[^1].Statement);
        Assert.Equal(["k", "n"], created.View.Columns.Select(c => c.Name));
        var warning = Assert.Single(results[^1].Diagnostics);
        Assert.Equal(DiagnosticCodes.UnboundedState.Code, warning.Code);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
    }

    [Theory]
    [InlineData("SELECT count(*) AS n, sum(id) AS s, avg(id) AS a, bool_and(id > 0) AS b FROM u", null)]
    [InlineData("SELECT min(k) AS m FROM s", null)]
    [InlineData("SELECT min(id) AS m FROM u", "min keeps every value it has seen")]
    [InlineData("SELECT count(DISTINCT k) AS n FROM s", "count keeps every value it has seen")]
    [InlineData("SELECT count(*) AS n FROM (SELECT k, count(*) AS c FROM s GROUP BY k) g", "one group per distinct key")]
    [InlineData("SELECT max(c) AS m FROM (SELECT k, count(*) AS c FROM s GROUP BY k) g", "max keeps every value it has seen")]
    public void AnAggregateWithoutGroupByKeepsOneGroup(string query, string? warning)
    {
        var results = Plan($"CREATE MATERIALIZED VIEW m AS {query};", out _);
        Assert.True(results[^1].Succeeded);
        var unbounded = results[^1].Diagnostics.Where(d => d.Code == DiagnosticCodes.UnboundedState.Code).Select(d => d.Message).ToList();
        if (warning is null)
            Assert.Empty(unbounded);
        else
            Assert.Contains(unbounded, m => m.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void WindowWithoutWatermarkWarns()
    {
        var results = Plan("CREATE MATERIALIZED VIEW m AS SELECT window_start, count(*) AS n FROM TUMBLE(nowm, ts, INTERVAL '1' MINUTE) GROUP BY window_start;", out _);
        Assert.True(results[^1].Succeeded);
        Assert.Contains(results[^1].Diagnostics, d => d.Code == DiagnosticCodes.WindowNeverCloses.Code);
    }

    [Fact]
    public void DropWithDependentsNeedsCascade()
    {
        var error = AssertError("CREATE MATERIALIZED VIEW m AS SELECT id FROM u; DROP TABLE u;", DiagnosticCodes.DependentObjectsExist, 60);
        Assert.Equal("2BP01", error.SqlState);
        Assert.Equal("cannot drop table \"u\" because other objects depend on it: materialized view m", error.Message);
    }

    [Fact]
    public void DropCascadeDropsDependentsFirst()
    {
        var results = Plan("CREATE MATERIALIZED VIEW m AS SELECT id FROM u; CREATE VIEW v AS SELECT * FROM m; DROP TABLE u CASCADE;", out _);
        var drop = Assert.IsType<DropPlan>(results[^1].Statement);
        Assert.Equal(["v", "m", "u"], drop.Dropped.Select(o => o.Name));
        Assert.Null(results[^1].Catalog.Find("m"));
        Assert.Null(results[^1].Catalog.Find("v"));
    }

    [Fact]
    public void DropMissing() => AssertError("DROP TABLE nothing;", DiagnosticCodes.UndefinedTable, 12);

    [Fact]
    public void DropIfExistsMissingIsANoOp() => Assert.IsType<NoOpPlan>(Plan("DROP TABLE IF EXISTS nothing;", out _)[^1].Statement);

    [Fact]
    public void DropWrongKind() => AssertError("DROP SOURCE t;", DiagnosticCodes.WrongObjectKind, 13);

    [Fact]
    public void InsertIntoSource() => AssertError("INSERT INTO s VALUES ('a', '2024-01-01');", DiagnosticCodes.WrongObjectKind, 13);

    [Fact]
    public void InsertTooManyExpressions() => AssertError("INSERT INTO u VALUES (1, 'a', 3);", DiagnosticCodes.SyntaxError, 15);

    [Fact]
    public void UpdateOnAppendOnlyTable() =>
        AssertError("CREATE TABLE ao (x INT) APPEND ONLY; UPDATE ao SET x = 1;", DiagnosticCodes.FeatureNotSupported, 45);

    [Fact]
    public void UnknownSubscribeOption() => AssertError("SUBSCRIBE t WITH (colour = 'red');", DiagnosticCodes.UnknownOption, 19);

    [Fact]
    public void BadWatermarkShape() =>
        AssertError("CREATE TABLE w (ts TIMESTAMP, WATERMARK FOR ts AS ts + INTERVAL '1' SECOND);", DiagnosticCodes.InvalidParameterValue, 51);

    [Fact]
    public void WindowFunctionInWhere() =>
        AssertError("SELECT id FROM t WHERE row_number() OVER (ORDER BY id) = 1;", DiagnosticCodes.WindowFunctionNotAllowed, 24);

    [Theory]
    [InlineData("/data/out", 116)]
    [InlineData("/data/out/", 116)]
    [InlineData("/data/out/sub", 116)]
    [InlineData("/data", 116)]
    public void FileSinksNeedFoldersOfTheirOwn(string second, int column)
    {
        var error = AssertError(
            "CREATE SINK a FROM t WITH (connector = 'file', path = '/data/out'); " +
            $"CREATE SINK b FROM t WITH (connector = 'file', path = '{second}');", DiagnosticCodes.InvalidOptionValue, column);
        Assert.StartsWith($"invalid value for option 'path': '{second}' ", error.Message, StringComparison.Ordinal);
        Assert.Contains("of file sink \"a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSinksInSeparateFoldersAreFine()
    {
        var results = Plan("CREATE SINK a FROM t WITH (connector = 'file', path = '/data/out'); CREATE SINK b FROM t WITH (connector = 'file', path = '/data/out2');", out _);
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join("; ", r.Errors.Select(e => e.Message))));
    }

    [Fact]
    public void FileSinkPathThatIsAFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = AssertError($"CREATE SINK b FROM t WITH (connector = 'file', path = '{file}');", DiagnosticCodes.InvalidOptionValue, 48);
            Assert.Equal($"invalid value for option 'path': '{file}' is a file; expected a folder (created when missing)", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("id INT, s TEXT", "'fields.id.kind' = 'sequence', 'fields.id.start' = 'abc'", "expected a whole number from -2147483648 to 2147483647 (the range of integer)")]
    [InlineData("id INT, s TEXT", "'fields.id.start' = 'abc'", "'start' applies to sequences (set 'fields.id.kind' = 'sequence'); a random field takes 'min' and 'max'")]
    [InlineData("id INT, s TEXT", "'fields.s.min' = '1'", "a random text field (\"s\") takes 'length', not 'min'")]
    [InlineData("id INT, s TEXT", "'fields.id.length' = '5'", "'length' applies to random text fields; a random integer field takes 'min' and 'max'")]
    [InlineData("id INT", "'fields.id.max' = '99999999999'", "expected a whole number from -2147483648 to 2147483647 (the range of integer)")]
    [InlineData("id INT", "'fields.id.min' = '5', 'fields.id.max' = '1'", "max ('1') is below min ('5'); expected min <= max")]
    [InlineData("id SMALLINT", "'fields.id.kind' = 'sequence', 'fields.id.start' = '10', 'fields.id.end' = '1'", "'1' is before the start of the sequence ('10'); expected an end at or after it")]
    [InlineData("id SMALLINT", "'fields.id.kind' = 'sequence', 'fields.id.end' = '40000'", "expected a whole number from -32768 to 32767 (the range of smallint)")]
    public void GeneratorOptionsAreCheckedAgainstTheColumns(string columns, string options, string message)
    {
        var statement = $"CREATE SOURCE g ({columns}) WITH (connector = 'generator', {options});";
        // The error is on the last option (the one at fault in each case).
        int column = statement.LastIndexOf("'fields.", StringComparison.Ordinal) + 1;
        var error = AssertError(statement, DiagnosticCodes.InvalidOptionValue, column);
        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JSONB")]
    [InlineData("INTERVAL")]
    public void GeneratorRefusesColumnsItCannotFill(string type)
    {
        var statement = $"CREATE SOURCE g (id INT, x {type}) WITH (connector = 'generator');";
        var error = AssertError(statement, DiagnosticCodes.InvalidOptionValue, statement.IndexOf("connector", StringComparison.Ordinal) + 1);
        Assert.Contains("column \"x\" has type", error.Message, StringComparison.Ordinal);
        Assert.Contains("which the generator cannot fill; it fills smallint, integer", error.Message, StringComparison.Ordinal);
    }

    // ---- DEFAULT and CHECK: PostgreSQL 15's messages, SQLSTATEs and positions ---------------------

    [Theory]
    [InlineData("CREATE TABLE bad (a INT, b INT DEFAULT a);", "cannot use column reference in DEFAULT expression", "0A000", 40)]
    [InlineData("CREATE TABLE bad (a INT, b INT DEFAULT (SELECT 1));", "cannot use subquery in DEFAULT expression", "0A000", 40)]
    [InlineData("CREATE TABLE bad (a INT, b INT CHECK (a > (SELECT 1)));", "cannot use subquery in check constraint", "0A000", 43)]
    [InlineData("CREATE TABLE bad (a INT, b INT DEFAULT count(*));", "aggregate functions are not allowed in DEFAULT expressions", "42803", 40)]
    [InlineData("CREATE TABLE bad (a INT CHECK (count(*) > 0));", "aggregate functions are not allowed in check constraints", "42803", 32)]
    [InlineData("CREATE TABLE bad (a INT, b INT DEFAULT row_number() OVER ());", "window functions are not allowed in DEFAULT expressions", "42P20", 40)]
    [InlineData("CREATE TABLE bad (a INT CHECK (a));", "argument of CHECK must be type boolean, not type integer", "42804", 32)]
    [InlineData("CREATE TABLE bad (a INT CHECK (z > 0));", "column \"z\" does not exist", "42703", 32)]
    [InlineData("CREATE TABLE bad (a INT, CONSTRAINT x CHECK (a > 0), CONSTRAINT x CHECK (a > 1));", "check constraint \"x\" already exists", "42710", 54)]
    [InlineData("INSERT INTO u (id) VALUES (1 + DEFAULT);", "DEFAULT is not allowed in this context", "42601", 32)]
    [InlineData("CREATE TABLE bad (a INT DEFAULT $1);", "there is no parameter $1", "42P02", 33)]
    [InlineData("CREATE TABLE bad (a INT CHECK (a > $1));", "there is no parameter $1", "42P02", 36)]
    public void DefaultAndCheckErrors(string statement, string message, string sqlState, int column)
    {
        var (error, position) = Fail(statement);
        Assert.Equal(message, error.Message);
        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(new LinePosition(2, column), position);
    }

    [Fact]
    public void DefaultOfAnotherType()
    {
        var error = AssertError("CREATE TABLE bad (a INT, b INT DEFAULT now());", DiagnosticCodes.DefaultTypeMismatch, 40);
        Assert.Equal("column \"b\" is of type integer but default expression is of type timestamp with time zone", error.Message);
        Assert.Equal("You will need to rewrite or cast the expression.", error.Hint);
    }

    [Theory]
    [InlineData("CREATE TABLE bad (a INT UNIQUE, b INT);", 25)]
    [InlineData("CREATE TABLE bad (a INT, b INT, CONSTRAINT ab UNIQUE (a, b));", 33)]
    public void UniqueIsRefusedWhereItIsWritten(string statement, int column)
    {
        var error = AssertError(statement, DiagnosticCodes.FeatureNotSupported, column);
        Assert.Equal("UNIQUE (a table's only unique constraint is its PRIMARY KEY) is not supported", error.Message);
    }

    [Theory]
    [InlineData("CREATE SOURCE bad (a INT DEFAULT 1) WITH (connector = 'kafka', topic = 'x', 'bootstrap.servers' = 'b:9092');", 34,
        "DEFAULT on a source column (a source's rows come whole from its connector) is not supported")]
    [InlineData("CREATE SOURCE bad (a INT CHECK (a > 0)) WITH (connector = 'kafka', topic = 'x', 'bootstrap.servers' = 'b:9092');", 26,
        "a constraint on a source (a source's rows come from its connector as they are) is not supported")]
    public void SourcesRefuseDefaultsAndConstraints(string statement, int column, string message)
    {
        var error = AssertError(statement, DiagnosticCodes.FeatureNotSupported, column);
        Assert.Equal(message, error.Message);
    }
}
