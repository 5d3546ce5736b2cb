namespace StreamSql.Server.Engine;

/// <summary>
/// An error as every front end reports it: psql's ErrorResponse fields, the CLI's
/// <c>file:line:col: error CODE: message</c>, the HTTP API's JSON.
/// </summary>
/// <param name="Code">The diagnostic code (e.g. SS0101), or null for runtime errors that only have a SQLSTATE.</param>
/// <param name="Position">1-based character offset into the text the client sent (the <c>P</c> field), or null.</param>
/// <param name="Line">1-based line in the text the client sent, or null.</param>
/// <param name="Column">1-based column in the text the client sent, or null.</param>
/// <param name="Where">Where the error happened, PostgreSQL's CONTEXT (the <c>W</c> field), e.g. <c>COPY t, line 3, column a: "x"</c>.</param>
public sealed record EngineError(
    string SqlState,
    string Message,
    string? Detail = null,
    string? Hint = null,
    int? Position = null,
    int? Line = null,
    int? Column = null,
    string? Code = null,
    string Severity = "ERROR",
    string? Where = null);
