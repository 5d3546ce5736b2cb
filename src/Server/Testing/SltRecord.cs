namespace StreamSql.Server.Testing;

/// <summary>
/// One record of a sqllogictest file (the dialect of sqllogictest-rs, plus StreamSql's streaming
/// directives). <see cref="Line"/> is the 1-based line of the record's header in <see cref="File"/>.
/// </summary>
public abstract record SltRecord(string File, int Line)
{
    /// <summary>Engines named by <c>skipif</c> lines before the record.</summary>
    public IReadOnlyList<string> SkipIf { get; init; } = [];

    /// <summary>Engines named by <c>onlyif</c> lines before the record.</summary>
    public IReadOnlyList<string> OnlyIf { get; init; } = [];

    /// <summary>How often to try again when the record fails (<c>retry N backoff D</c>), and the pause between tries.</summary>
    public int Retries { get; init; }

    public TimeSpan Backoff { get; init; }

    /// <summary>Whether the record runs on an engine called <paramref name="engine"/>.</summary>
    public bool AppliesTo(string engine) =>
        !SkipIf.Contains(engine, StringComparer.OrdinalIgnoreCase) &&
        (OnlyIf.Count == 0 || OnlyIf.Contains(engine, StringComparer.OrdinalIgnoreCase));
}

/// <summary><c>statement ok</c>, <c>statement error [pattern]</c> or <c>statement count N</c>.</summary>
public sealed record SltStatement(string File, int Line, string Sql, int SqlLine, SltExpectation Expect, string? ErrorPattern, long? Count)
    : SltRecord(File, Line);

/// <summary><c>query &lt;types&gt; [rowsort|valuesort|nosort] [label]</c> with its expected rows, or <c>query error [pattern]</c>.</summary>
public sealed record SltQuery(
    string File, int Line, string Sql, int SqlLine, string Types, SltSortMode Sort,
    IReadOnlyList<string> ExpectedLines, bool ExpectError, string? ErrorPattern)
    : SltRecord(File, Line);

/// <summary><c>include path-or-glob</c>: runs the records of other files in place.</summary>
public sealed record SltInclude(string File, int Line, string Pattern) : SltRecord(File, Line);

/// <summary><c>sleep 1s</c>.</summary>
public sealed record SltSleep(string File, int Line, TimeSpan Duration) : SltRecord(File, Line);

/// <summary><c>halt</c>: stop the file here.</summary>
public sealed record SltHalt(string File, int Line) : SltRecord(File, Line);

/// <summary>
/// A StreamSql streaming directive (<c>ingest</c>, <c>advance watermark</c>, <c>advance time</c>,
/// <c>subscribe</c>, <c>changes</c>): the header words, the body lines, and the expected lines after <c>----</c>.
/// </summary>
public sealed record SltDirective(string File, int Line, string Verb, IReadOnlyList<string> Words, IReadOnlyList<string> Body, IReadOnlyList<string>? ExpectedLines)
    : SltRecord(File, Line);

/// <summary>What a <c>statement</c> record expects.</summary>
public enum SltExpectation
{
    Ok,
    Error,
    Count,
}

/// <summary>How the rows of a query are compared.</summary>
public enum SltSortMode
{
    NoSort,
    RowSort,
    ValueSort,
}
