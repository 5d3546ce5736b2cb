using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Tests;

/// <summary>Every syntax error path: its code, SQLSTATE, line, column and the words of its message.</summary>
public class DiagnosticsTests
{
    private static Diagnostic SingleError(string sql, out SourceText source)
    {
        var result = SqlParser.Parse(sql);
        source = result.Source;
        return Assert.Single(result.Diagnostics);
    }

    private static void AssertError(string sql, string code, string sqlState, int line, int column, string message)
    {
        var diagnostic = SingleError(sql, out var source);
        Assert.Equal(code, diagnostic.Code);
        Assert.Equal(sqlState, diagnostic.SqlState);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(new LinePosition(line, column), source.GetLinePosition(diagnostic.Span.Start));
        Assert.Equal(message, diagnostic.Message);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE", 1, 22, "unexpected end of input: expected an expression after WHERE")]
    [InlineData("SELECT * FROM t WHERE )", 1, 23, "expected an expression after WHERE, found ')'")]
    [InlineData("SELECT * FROM", 1, 14, "unexpected end of input: expected a table name after FROM")]
    [InlineData("SELECT count(a FROM t", 1, 16, "expected ')' to close '(' at 1:13, found FROM")]
    [InlineData("SELECT (1 + 2 FROM t", 1, 15, "expected ')' to close '(' at 1:8, found FROM")]
    [InlineData("select * from t where a in (1, 2", 1, 33, "unexpected end of input: expected ')' to close '(' at 1:28")]
    [InlineData("select 1 +", 1, 11, "unexpected end of input: expected an expression after '+'")]
    [InlineData("SELECT * FROM t WHERE a =", 1, 26, "unexpected end of input: expected an expression after '='")]
    [InlineData("select arr[1 from t", 1, 14, "expected ']' to close '[' at 1:11, found FROM")]
    [InlineData("CREATE TABLE t (a int, b)", 1, 25, "expected a type name after 'b', found ')'")]
    [InlineData("INSERT INTO VALUES (1)", 1, 13, "expected a table name after INTO, found VALUES")]
    [InlineData("select a from t order", 1, 22, "unexpected end of input: expected BY after ORDER")]
    [InlineData("select 1 from t group x", 1, 23, "expected BY after GROUP, found 'x'")]
    [InlineData("create materialized view v as select 1 emit", 1, 44, "unexpected end of input: expected ON after EMIT")]
    [InlineData("create materialized view v as select 1 emit on", 1, 47, "unexpected end of input: expected UPDATE or WINDOW after ON")]
    [InlineData("subscribe", 1, 10, "unexpected end of input: expected a table or view name, or a (query) after SUBSCRIBE")]
    [InlineData("create sink s with (x=1)", 1, 15, "expected AS or FROM after 's', found WITH")]
    [InlineData("create table t", 1, 15, "unexpected end of input: expected AS or '(' after 't'")]
    [InlineData("CREATE", 1, 7, "unexpected end of input: expected SOURCE, TABLE, MATERIALIZED VIEW, VIEW or SINK after CREATE")]
    [InlineData("drop table", 1, 11, "unexpected end of input: expected a name after TABLE")]
    [InlineData("update t set", 1, 13, "unexpected end of input: expected a column name after SET")]
    [InlineData("select cast(1 as)", 1, 17, "expected a type name after AS, found ')'")]
    [InlineData("select * from a join b", 1, 23, "unexpected end of input: expected ON or USING after 'b'")]
    [InlineData("select a b c from t", 1, 12, "unexpected 'c' after 'b'")]
    [InlineData("copy (select 1) from stdin", 1, 17, "expected TO after COPY (...): a query or subscription can only be copied out")]
    [InlineData("select arr[] from t", 1, 12, "expected an index or a slice (lower:upper) inside [ ]")]
    [InlineData("SELECT a FROM t WHERE b IN ()", 1, 29, "expected an expression after '(', found ')'")]
    [InlineData("SELECT CASE WHEN a THEN 1 FROM t", 1, 27, "expected END after '1', found FROM")]
    [InlineData("DROP t", 1, 6, "expected MATERIALIZED, SINK, SOURCE, TABLE or VIEW after DROP, found 't'")]
    [InlineData("CREATE SOURCE s (a int) WITH connector = 'x'", 1, 30, "expected '(' after WITH, found 'connector'")]
    [InlineData("discard foo", 1, 9, "expected ALL, PLANS, SEQUENCES or TEMP after DISCARD")]
    [InlineData("select * from tumble(t)", 1, 15, "TUMBLE expects a table, its time column and the window size, e.g. TUMBLE(t, ts, INTERVAL '1' MINUTE)")]
    [InlineData("select * from session(t)", 1, 15, "SESSION expects a table, its time column and the window gap, e.g. SESSION(t, ts, INTERVAL '1' MINUTE)")]
    [InlineData("select * from hop(1 + 2, ts, interval '1' minute, interval '2' minute)", 1, 19, "expected a table name or a (subquery) as the first argument of HOP")]
    public void Syntax_errors_say_what_was_expected(string sql, int line, int column, string message) =>
        AssertError(sql, "SS1001", "42601", line, column, message);

    [Fact]
    public void Unknown_statement_names_the_word_and_the_valid_statements()
    {
        var diagnostic = SingleError("SELEKT * FROM t", out _);
        Assert.Equal("SS1002", diagnostic.Code);
        Assert.Equal("42601", diagnostic.SqlState);
        Assert.Equal(new TextSpan(0, 6), diagnostic.Span);
        Assert.StartsWith("unknown statement 'SELEKT': expected SELECT, CREATE, INSERT, ", diagnostic.Message);
    }

    [Fact]
    public void A_statement_that_ends_at_a_semicolon_says_end_of_statement_and_later_statements_still_parse()
    {
        var result = SqlParser.Parse("SELECT 1;\nSELECT * FROM t\nWHERE;\nSELEKT;\nSELECT 2");
        Assert.Equal(2, result.Statements.Length);
        Assert.Equal(2, result.Diagnostics.Length);
        var first = result.Diagnostics[0];
        Assert.Equal("unexpected end of statement: expected an expression after WHERE", first.Message);
        Assert.Equal(new LinePosition(3, 6), result.Source.GetLinePosition(first.Span.Start));
        Assert.Equal("SS1002", result.Diagnostics[1].Code);
        Assert.Equal(new LinePosition(4, 1), result.Source.GetLinePosition(result.Diagnostics[1].Span.Start));
        Assert.Equal("SELECT 2", result.Source[result.Statements[1].Span]);
    }

    [Theory]
    [InlineData("SELECT 'abc", "SS1003", 1, 8, "unterminated string literal: expected a closing '")]
    [InlineData("SELECT E'abc\\'", "SS1003", 1, 8, "unterminated string literal: expected a closing '")]
    [InlineData("SELECT $$abc", "SS1003", 1, 8, "unterminated string literal: expected a closing '")]
    [InlineData("select \"abc", "SS1004", 1, 8, "unterminated quoted identifier: expected a closing \"")]
    [InlineData("select * from t /* abc", "SS1005", 1, 17, "unterminated comment: expected */ to close /*")]
    [InlineData("SELECT a ? b", "SS1006", 1, 10, "unexpected character '?'")]
    [InlineData("SELECT \"\"", "SS1010", 1, 8, "zero-length quoted identifier \"\"")]
    public void Lexical_errors_are_named(string sql, string code, int line, int column, string message) =>
        AssertError(sql, code, "42601", line, column, message);

    [Fact]
    public void Unknown_format_lists_the_valid_ones()
    {
        AssertError("create source s (a int) with (connector = 'kafka') format xml", "SS1008", "42601", 1, 59,
            "unknown format 'xml': expected JSON, CSV or TEXT");
    }

    [Theory]
    [InlineData("select $99999999999", 1, 8, "parameter number $99999999999 is out of range")]
    [InlineData("fetch 99999999999999999999 c", 1, 7, "FETCH count 99999999999999999999 is out of range")]
    public void Numbers_out_of_range(string sql, int line, int column, string message) =>
        AssertError(sql, "SS1009", "22003", line, column, message);

    [Theory]
    [InlineData("SELECT E'\\u12'", 1, 10, "invalid escape sequence '\\u12' in E'' string")]
    [InlineData("SELECT E'ok \\x'", 1, 13, "invalid escape sequence '\\x' in E'' string")]
    [InlineData("SELECT E'\\U0011FFFF'", 1, 10, "invalid escape sequence '\\U0011FFFF' in E'' string")]
    public void Invalid_escapes(string sql, int line, int column, string message) =>
        AssertError(sql, "SS1011", "22025", line, column, message);

    [Theory]
    [InlineData("CREATE TABLE t (a int PRIMARY KEY, PRIMARY KEY (a))", 36)]
    [InlineData("CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY)", 42)]
    [InlineData("CREATE SOURCE s (a int, PRIMARY KEY (a), PRIMARY KEY (a)) WITH (connector = 'kafka')", 42)]
    public void Only_one_primary_key(string sql, int column) =>
        AssertError(sql, "SS1012", "42P16", 1, column,
            "multiple primary keys are not allowed: declare PRIMARY KEY once, on a column or as PRIMARY KEY (...)");

    [Fact]
    public void Duplicate_default_is_reported_as_postgresql_reports_it() =>
        AssertError("create table t (a int default 1 default 2)", "SS1015", "42601", 1, 33, "multiple default values specified for column \"a\" of table \"t\"");

    [Fact]
    public void Constraint_name_without_a_constraint_is_a_syntax_error() =>
        AssertError("create table t (a int constraint c)", "SS1001", "42601", 1, 23, "CONSTRAINT name without a constraint after it");

    [Fact]
    public void Deep_parentheses_give_a_nesting_diagnostic_not_a_stack_overflow()
    {
        string sql = "SELECT " + new string('(', 5000) + "1" + new string(')', 5000);
        var diagnostic = SingleError(sql, out var source);
        Assert.Equal("SS1007", diagnostic.Code);
        Assert.Equal("54001", diagnostic.SqlState);
        Assert.Equal(new LinePosition(1, 8 + SqlParser.MaxNestingDepth), source.GetLinePosition(diagnostic.Span.Start));
        Assert.Contains("nested too deeply", diagnostic.Message);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        int depth = SqlParser.MaxNestingDepth;
        var result = SqlParser.Parse("SELECT " + new string('(', depth) + "1" + new string(')', depth));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Statements);
    }

    [Theory]
    [InlineData("NOT ", 5000)]
    [InlineData("- ", 5000)]
    [InlineData("CASE WHEN true THEN ", 2000)]
    public void Deep_nesting_without_parentheses_is_limited_too(string prefix, int repeat)
    {
        string sql = "SELECT " + string.Concat(Enumerable.Repeat(prefix, repeat)) + "1";
        var result = SqlParser.Parse(sql);
        Assert.Equal("SS1007", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Parse_accepts_empty_and_null_text()
    {
        Assert.Empty(SqlParser.Parse("").Statements);
        Assert.Empty(SqlParser.Parse(" ;; -- nothing\n").Diagnostics);
        Assert.Empty(SqlParser.Parse((string)null!).Statements);
    }

    [Fact]
    public void Statement_spans_cover_the_text_without_the_semicolon()
    {
        var result = SqlParser.Parse("  SELECT 1 ;\nFLUSH;");
        Assert.Equal(["SELECT 1", "FLUSH"], result.Statements.Select(s => result.Source[s.Span]));
    }

    [Fact]
    public void Formatter_prints_location_source_line_caret_and_hint()
    {
        var result = SqlParser.Parse("SELECT 1;\nSELECT * FROM t WHERE", "q.sql");
        string text = DiagnosticFormatter.Format(Assert.Single(result.Diagnostics), result.Source);
        Assert.Equal(
            "q.sql:2:22: error SS1001: unexpected end of input: expected an expression after WHERE\n" +
            "  SELECT * FROM t WHERE\n" +
            "                       ^\n",
            text);
    }

    [Fact]
    public void Formatter_underlines_the_whole_span_and_prints_the_hint()
    {
        var source = new SourceText("SELECT * FROM clicks", "a.sql");
        var diagnostic = Diagnostic.Create(DiagnosticCodes.SelectFromSource, new TextSpan(14, 6), "clicks");
        Assert.Equal(
            "a.sql:1:15: error SS2017: cannot SELECT from source \"clicks\": a source is unbounded\n" +
            "  SELECT * FROM clicks\n" +
            "                ^^^^^^\n" +
            "hint: keep a result up to date with CREATE MATERIALIZED VIEW ... AS SELECT ..., or stream the rows with SUBSCRIBE\n",
            DiagnosticFormatter.Format(diagnostic, source));
    }

    [Fact]
    public void Formatter_without_a_file_path_prints_line_and_column()
    {
        var result = SqlParser.Parse("SELEKT");
        Assert.StartsWith("1:1: error SS1002: unknown statement 'SELEKT'", DiagnosticFormatter.Format(result.Diagnostics, result.Source));
    }
}
