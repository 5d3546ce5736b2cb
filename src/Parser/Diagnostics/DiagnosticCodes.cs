using System.Collections.Immutable;
using static StreamSql.Parser.Diagnostics.DiagnosticSeverity;

namespace StreamSql.Parser.Diagnostics;

/// <summary>
/// Every diagnostic code StreamSql reports, in one table. Scheme: SS1xxx syntax (parser),
/// SS2xxx binding and semantic checks (planner), SS3xxx planning warnings (EXPLAIN).
/// Codes are never reused or renumbered: tools and tests match on them.
/// Message templates take arguments in the order documented beside each entry.
/// </summary>
public static class DiagnosticCodes
{
    // ---- SS1xxx: syntax -------------------------------------------------------------------------

    /// <summary>{0}: the whole message, saying in words what was expected where.</summary>
    public static readonly DiagnosticDescriptor SyntaxError = new("SS1001", "42601", Error, "{0}");

    /// <summary>{0}: the first word of the statement.</summary>
    public static readonly DiagnosticDescriptor UnknownStatement = new("SS1002", "42601", Error,
        "unknown statement '{0}': expected SELECT, CREATE, INSERT, UPDATE, DELETE, TRUNCATE, DROP, SUBSCRIBE, SHOW, SET, EXPLAIN, FLUSH, COPY, DECLARE, FETCH, CLOSE, BEGIN, COMMIT or ROLLBACK");

    public static readonly DiagnosticDescriptor UnterminatedString = new("SS1003", "42601", Error,
        "unterminated string literal: expected a closing '");

    public static readonly DiagnosticDescriptor UnterminatedQuotedIdentifier = new("SS1004", "42601", Error,
        "unterminated quoted identifier: expected a closing \"");

    public static readonly DiagnosticDescriptor UnterminatedComment = new("SS1005", "42601", Error,
        "unterminated comment: expected */ to close /*");

    /// <summary>{0}: the character.</summary>
    public static readonly DiagnosticDescriptor UnexpectedCharacter = new("SS1006", "42601", Error,
        "unexpected character '{0}'");

    /// <summary>{0}: the nesting limit.</summary>
    public static readonly DiagnosticDescriptor NestingTooDeep = new("SS1007", "54001", Error,
        "statement is nested too deeply (more than {0} levels of parentheses, brackets or subexpressions)",
        "split the expression into smaller parts, e.g. with WITH");

    /// <summary>{0}: the format name as written.</summary>
    public static readonly DiagnosticDescriptor UnknownFormat = new("SS1008", "42601", Error,
        "unknown format '{0}': expected JSON, CSV or TEXT");

    /// <summary>{0}: the number as written; {1}: what it is.</summary>
    public static readonly DiagnosticDescriptor NumberOutOfRange = new("SS1009", "22003", Error,
        "{1} {0} is out of range");

    public static readonly DiagnosticDescriptor EmptyQuotedIdentifier = new("SS1010", "42601", Error,
        "zero-length quoted identifier \"\"");

    /// <summary>{0}: the escape sequence.</summary>
    public static readonly DiagnosticDescriptor InvalidEscape = new("SS1011", "22025", Error,
        "invalid escape sequence '{0}' in E'' string");

    public static readonly DiagnosticDescriptor MultiplePrimaryKeys = new("SS1012", "42P16", Error,
        "multiple primary keys are not allowed: declare PRIMARY KEY once, on a column or as PRIMARY KEY (...)");

    /// <summary>{0}: the unit as written. Reported where interval text is read (e.g. INTERVAL '5 foos').</summary>
    public static readonly DiagnosticDescriptor InvalidIntervalUnit = new("SS1013", "42601", Error,
        "unknown interval unit '{0}': expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND");

    /// <summary>{0}: the clause written twice.</summary>
    public static readonly DiagnosticDescriptor DuplicateClause = new("SS1014", "42601", Error,
        "{0} is written more than once");

    /// <summary>{0}: the column; {1}: the table.</summary>
    public static readonly DiagnosticDescriptor MultipleDefaults = new("SS1015", "42601", Error,
        "multiple default values specified for column \"{0}\" of table \"{1}\"");

    /// <summary>{0}: what failed. A bug in the parser, reported instead of thrown so one statement cannot stop a script.</summary>
    public static readonly DiagnosticDescriptor InternalParserError = new("SS1099", "XX000", Error,
        "internal parser error: {0}", "please report this statement");

    // ---- SS2xxx: binding and semantic checks ---------------------------------------------------

    /// <summary>{0}: kind ("table", "source", "materialized view", "view", "sink", "relation"); {1}: name.</summary>
    public static readonly DiagnosticDescriptor UndefinedTable = new("SS2001", "42P01", Error,
        "{0} \"{1}\" does not exist");

    /// <summary>{0}: column name as written.</summary>
    public static readonly DiagnosticDescriptor UndefinedColumn = new("SS2002", "42703", Error,
        "column \"{0}\" does not exist");

    /// <summary>{0}: column name; {1}: the candidates, e.g. "a.x, b.x".</summary>
    public static readonly DiagnosticDescriptor AmbiguousColumn = new("SS2003", "42702", Error,
        "column reference \"{0}\" is ambiguous: it could be {1}", "qualify it with the table name or alias");

    /// <summary>{0}: the signature tried, e.g. "lenght(text)"; {1}: suggestion (use WithHint(null) when there is none).</summary>
    public static readonly DiagnosticDescriptor UndefinedFunction = new("SS2004", "42883", Error,
        "function {0} does not exist", "did you mean {1}?");

    /// <summary>{0}: the whole message (what was expected, what was found).</summary>
    public static readonly DiagnosticDescriptor DatatypeMismatch = new("SS2005", "42804", Error, "{0}");

    /// <summary>{0}: from type; {1}: to type.</summary>
    public static readonly DiagnosticDescriptor CannotCast = new("SS2006", "42846", Error,
        "cannot cast type {0} to {1}");

    /// <summary>{0}: the column.</summary>
    public static readonly DiagnosticDescriptor GroupingError = new("SS2007", "42803", Error,
        "column \"{0}\" must appear in the GROUP BY clause or be used in an aggregate function");

    /// <summary>{0}: kind; {1}: name.</summary>
    public static readonly DiagnosticDescriptor DuplicateObject = new("SS2008", "42P07", Error,
        "{0} \"{1}\" already exists", "use IF NOT EXISTS to skip creating it");

    /// <summary>{0}: kind ("type", "setting", "cursor"...); {1}: name.</summary>
    public static readonly DiagnosticDescriptor UndefinedObject = new("SS2009", "42704", Error,
        "{0} \"{1}\" does not exist");

    /// <summary>{0}: option; {1}: connector; {2}: the valid options.</summary>
    public static readonly DiagnosticDescriptor UnknownOption = new("SS2010", "22023", Error,
        "unknown option '{0}' for connector '{1}'", "valid options: {2}");

    /// <summary>{0}: option; {1}: connector; {2}: the valid options.</summary>
    public static readonly DiagnosticDescriptor MissingOption = new("SS2011", "22023", Error,
        "missing required option '{0}' for connector '{1}'", "valid options: {2}");

    /// <summary>{0}: option; {1}: why the value is wrong and what would be valid.</summary>
    public static readonly DiagnosticDescriptor InvalidOptionValue = new("SS2012", "22023", Error,
        "invalid value for option '{0}': {1}");

    /// <summary>{0}: the whole message.</summary>
    public static readonly DiagnosticDescriptor InvalidParameterValue = new("SS2013", "22023", Error, "{0}");

    /// <summary>{0}: time column; {1}: window function (TUMBLE, HOP, SESSION); {2}: its actual type.</summary>
    public static readonly DiagnosticDescriptor WindowTimeColumnNotTimestamp = new("SS2014", "42804", Error,
        "time column \"{0}\" of {1} must be a timestamp, not {2}");

    /// <summary>{0}: argument ("size", "slide", "gap"); {1}: window function.</summary>
    public static readonly DiagnosticDescriptor WindowSizeNotPositive = new("SS2015", "22023", Error,
        "{0} of {1} must be a positive interval");

    /// <summary>{0}: the input without a watermark.</summary>
    public static readonly DiagnosticDescriptor EmitOnWindowCloseWithoutWatermark = new("SS2016", "42P17", Error,
        "EMIT ON WINDOW CLOSE needs a watermark, but \"{0}\" has none",
        "declare WATERMARK FOR <time column> AS <time column> - INTERVAL '...' on the source or table");

    /// <summary>{0}: the source.</summary>
    public static readonly DiagnosticDescriptor SelectFromSource = new("SS2017", "0A000", Error,
        "cannot SELECT from source \"{0}\": a source is unbounded",
        "keep a result up to date with CREATE MATERIALIZED VIEW ... AS SELECT ..., or stream the rows with SUBSCRIBE");

    /// <summary>{0}: the feature.</summary>
    public static readonly DiagnosticDescriptor FeatureNotSupported = new("SS2018", "0A000", Error,
        "{0} is not supported");

    /// <summary>{0}: kind; {1}: name; {2}: the dependent objects.</summary>
    public static readonly DiagnosticDescriptor DependentObjectsExist = new("SS2019", "2BP01", Error,
        "cannot drop {0} \"{1}\" because other objects depend on it: {2}",
        "use DROP ... CASCADE to drop the dependent objects too");

    /// <summary>{0}: name; {1}: the kind it was expected to be; {2}: the kind it is.</summary>
    public static readonly DiagnosticDescriptor WrongObjectKind = new("SS2020", "42809", Error,
        "\"{0}\" is not a {1}, it is a {2}");

    /// <summary>{0}: the parameter number.</summary>
    public static readonly DiagnosticDescriptor UndefinedParameter = new("SS2021", "42P02", Error,
        "there is no parameter ${0}");

    /// <summary>{0}: the clause (e.g. "WHERE").</summary>
    public static readonly DiagnosticDescriptor AggregateNotAllowed = new("SS2022", "42803", Error,
        "aggregate functions are not allowed in {0}");

    /// <summary>{0}: the clause.</summary>
    public static readonly DiagnosticDescriptor WindowFunctionNotAllowed = new("SS2023", "42P20", Error,
        "window functions are not allowed in {0}");

    /// <summary>{0}: the column.</summary>
    public static readonly DiagnosticDescriptor DuplicateColumn = new("SS2024", "42701", Error,
        "column \"{0}\" is specified more than once");

    /// <summary>{0}: the cursor.</summary>
    public static readonly DiagnosticDescriptor UndefinedCursor = new("SS2025", "34000", Error,
        "cursor \"{0}\" does not exist");

    /// <summary>{0}: the setting.</summary>
    public static readonly DiagnosticDescriptor UnknownSetting = new("SS2026", "42704", Error,
        "unrecognized configuration parameter \"{0}\"");

    /// <summary>{0}: the epoch asked for; {1}: the oldest retained epoch.</summary>
    public static readonly DiagnosticDescriptor SubscriptionEpochExpired = new("SS2027", "22023", Error,
        "cannot resume the subscription from epoch {0}: the oldest retained epoch is {1}",
        "subscribe again with SNAPSHOT = true, or raise subscription_retention");

    public static readonly DiagnosticDescriptor DistinctOnOrderMismatch = new("SS2028", "42P10", Error,
        "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
        "start ORDER BY with the DISTINCT ON expressions, then order within each group");

    /// <summary>{0}: what CREATE OR REPLACE VIEW would change about an existing column.</summary>
    public static readonly DiagnosticDescriptor ViewColumnsChanged = new("SS2029", "42P16", Error,
        "{0}",
        "a replaced view keeps its columns' names and types in order and may add columns at the end; drop and create it to change them");

    /// <summary>{0}: the watermarked input.</summary>
    public static readonly DiagnosticDescriptor EmitOnWindowCloseWithoutWindow = new("SS2030", "42P17", Error,
        "EMIT ON WINDOW CLOSE needs the aggregate to group by a window: \"{0}\" has a watermark, but the GROUP BY has no window_start (or window_end) of TUMBLE, HOP or SESSION over it",
        "group by window_start of a TUMBLE, HOP or SESSION over the watermarked time column, or use EMIT ON UPDATE");

    /// <summary>{0}: the clause (ORDER BY, GROUP BY); {1}: the position written.</summary>
    public static readonly DiagnosticDescriptor PositionNotInSelectList = new("SS2031", "42P10", Error,
        "{0} position {1} is not in select list");

    /// <summary>{0}: where ("DEFAULT expression", "check constraint").</summary>
    public static readonly DiagnosticDescriptor SubqueryNotAllowed = new("SS2032", "0A000", Error,
        "cannot use subquery in {0}");

    /// <summary>{0}: where ("DEFAULT expression").</summary>
    public static readonly DiagnosticDescriptor ColumnReferenceNotAllowed = new("SS2033", "0A000", Error,
        "cannot use column reference in {0}");

    /// <summary>{0}: the column; {1}: its type; {2}: the default's type.</summary>
    public static readonly DiagnosticDescriptor DefaultTypeMismatch = new("SS2034", "42804", Error,
        "column \"{0}\" is of type {1} but default expression is of type {2}",
        "You will need to rewrite or cast the expression.");

    /// <summary>{0}: the constraint's kind ("check"); {1}: its name.</summary>
    public static readonly DiagnosticDescriptor DuplicateConstraint = new("SS2035", "42710", Error,
        "{0} constraint \"{1}\" already exists");

    /// <summary>A negative LIMIT (PostgreSQL's message; a parameter's value is checked when the query runs).</summary>
    public static readonly DiagnosticDescriptor NegativeLimit = new("SS2040", "2201W", Error, "LIMIT must not be negative");

    /// <summary>A negative OFFSET.</summary>
    public static readonly DiagnosticDescriptor NegativeOffset = new("SS2041", "2201X", Error, "OFFSET must not be negative");

    /// <summary>{0}: "from" (COPY TO) or "to" (COPY FROM); {1}: the kind; {2}: the name. PostgreSQL's wording.</summary>
    public static readonly DiagnosticDescriptor CannotCopyRelation = new("SS2036", "42809", Error,
        "cannot copy {0} {1} \"{2}\"");

    /// <summary>{0}: PostgreSQL's message for COPY options that do not go together (e.g. "cannot specify HEADER in BINARY mode").</summary>
    public static readonly DiagnosticDescriptor CopyOptionConflict = new("SS2037", "0A000", Error, "{0}");

    /// <summary>{0}: the column; {1}: the table. PostgreSQL's wording for a column a COPY column list or an ON CONFLICT DO UPDATE SET names.</summary>
    public static readonly DiagnosticDescriptor UndefinedTargetColumn = new("SS2038", "42703", Error,
        "column \"{0}\" of relation \"{1}\" does not exist");

    /// <summary>{0}: the option (FORCE_NOT_NULL, FORCE_NULL); {1}: a column of the table the COPY's column list leaves out.</summary>
    public static readonly DiagnosticDescriptor CopyColumnNotReferenced = new("SS2039", "42P10", Error,
        "{0} column \"{1}\" not referenced by COPY");

    /// <summary>An ON CONFLICT target that is not the table's primary key (PostgreSQL's wording).</summary>
    public static readonly DiagnosticDescriptor NoConflictConstraint = new("SS2042", "42P10", Error,
        "there is no unique or exclusion constraint matching the ON CONFLICT specification");

    /// <summary>{0}: the constraint named by ON CONFLICT ON CONSTRAINT; {1}: the table.</summary>
    public static readonly DiagnosticDescriptor UndefinedTableConstraint = new("SS2043", "42704", Error,
        "constraint \"{0}\" for table \"{1}\" does not exist");

    /// <summary>ON CONFLICT DO UPDATE without a conflict target.</summary>
    public static readonly DiagnosticDescriptor ConflictUpdateWithoutTarget = new("SS2044", "42601", Error,
        "ON CONFLICT DO UPDATE requires inference specification or constraint name",
        "For example, ON CONFLICT (column_name).");

    /// <summary>{0}: the clause (ORDER BY, GROUP BY, DISTINCT ON): a constant there that is not an integer position (PostgreSQL's wording).</summary>
    public static readonly DiagnosticDescriptor NonIntegerConstant = new("SS2045", "42601", Error,
        "non-integer constant in {0}");

    /// <summary>{0}: the outer column, qualified: a subquery in an aggregate query's result reads a column that is not grouped.</summary>
    public static readonly DiagnosticDescriptor UngroupedOuterColumn = new("SS2046", "42803", Error,
        "subquery uses ungrouped column \"{0}\" from outer query");

    // ---- SS3xxx: planning warnings (EXPLAIN) --------------------------------------------------

    /// <summary>{0}: the operator; {1}: why its state is not bounded.</summary>
    public static readonly DiagnosticDescriptor UnboundedState = new("SS3001", "01000", Warning,
        "state of {0} grows without bound: {1}",
        "bound it with a window over a watermarked time column, or a watermark on the join or group key");

    /// <summary>{0}: the window operator; {1}: the input without a watermark.</summary>
    public static readonly DiagnosticDescriptor WindowNeverCloses = new("SS3002", "01000", Warning,
        "windows of {0} never close: input \"{1}\" has no watermark",
        "declare WATERMARK FOR <time column> AS ... on the source or table");

    /// <summary>Every descriptor above, for listings and uniqueness checks.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        SyntaxError, UnknownStatement, UnterminatedString, UnterminatedQuotedIdentifier, UnterminatedComment,
        UnexpectedCharacter, NestingTooDeep, UnknownFormat, NumberOutOfRange, EmptyQuotedIdentifier, InvalidEscape,
        MultiplePrimaryKeys, InvalidIntervalUnit, DuplicateClause, MultipleDefaults, InternalParserError,
        UndefinedTable, UndefinedColumn, AmbiguousColumn, UndefinedFunction, DatatypeMismatch, CannotCast,
        GroupingError, DuplicateObject, UndefinedObject, UnknownOption, MissingOption, InvalidOptionValue,
        InvalidParameterValue, WindowTimeColumnNotTimestamp, WindowSizeNotPositive, EmitOnWindowCloseWithoutWatermark,
        SelectFromSource, FeatureNotSupported, DependentObjectsExist, WrongObjectKind, UndefinedParameter, ViewColumnsChanged, EmitOnWindowCloseWithoutWindow, PositionNotInSelectList, NegativeLimit, NegativeOffset,
        CannotCopyRelation, CopyOptionConflict, UndefinedTargetColumn, CopyColumnNotReferenced,
        NoConflictConstraint, UndefinedTableConstraint, ConflictUpdateWithoutTarget, NonIntegerConstant, UngroupedOuterColumn,
        AggregateNotAllowed, WindowFunctionNotAllowed, DuplicateColumn, UndefinedCursor, UnknownSetting,
        SubscriptionEpochExpired, DistinctOnOrderMismatch,
        SubqueryNotAllowed, ColumnReferenceNotAllowed, DefaultTypeMismatch, DuplicateConstraint,
        UnboundedState, WindowNeverCloses,
    ];
}
