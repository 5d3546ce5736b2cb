namespace StreamSql.Server.Live;

/// <summary>
/// The body of <c>POST /api/sql</c>'s answer: one result per statement that ran, and the error that
/// stopped the script (the statements after it did not run), or null.
/// </summary>
public sealed record SqlApiResponse(IReadOnlyList<SqlApiResult> Results, SqlApiError? Error);

/// <summary>One statement's result: <c>kind</c> "rows" (with columns and rows) or "command".</summary>
public sealed record SqlApiResult(
    string Kind,
    string CommandTag,
    IReadOnlyList<SqlApiColumn>? Columns,
    IReadOnlyList<object?[]>? Rows,
    bool Truncated,
    IReadOnlyList<string> Notices);

/// <summary>A result column: its name and SQL type as PostgreSQL spells it.</summary>
public sealed record SqlApiColumn(string Name, string Type);

/// <summary>An error with the position (1-based offset), line and column (1-based) in the text sent.</summary>
public sealed record SqlApiError(
    string SqlState,
    string Message,
    string? Detail,
    string? Hint,
    int? Position,
    int? Line,
    int? Column,
    string? Code);
