using StreamSql.Parser.Diagnostics;
using StreamSql.Runtime;

namespace StreamSql.Server.Engine;

/// <summary>Turns diagnostics and runtime errors into the <see cref="EngineError"/> every front end reports.</summary>
public static class EngineErrors
{
    public static EngineError FromDiagnostic(Diagnostic diagnostic, SourceText source)
    {
        var at = source.GetLinePosition(diagnostic.Span.Start);
        return new EngineError(
            diagnostic.SqlState,
            diagnostic.Message,
            Hint: diagnostic.Hint,
            Position: Math.Min(diagnostic.Span.Start, source.Length) + 1,
            Line: at.Line,
            Column: at.Column,
            Code: diagnostic.Code,
            Severity: diagnostic.IsError ? "ERROR" : "WARNING");
    }

    public static EngineNotice NoticeFromDiagnostic(Diagnostic diagnostic) =>
        new(diagnostic.IsError ? "ERROR" : "WARNING", diagnostic.SqlState, diagnostic.Message, Hint: diagnostic.Hint);

    public static EngineError FromException(SqlStateException e) => new(e.SqlState, e.Message, e.Detail, e.Hint);

    /// <summary>A bug, reported without crashing the server: SQLSTATE XX000.</summary>
    public static EngineError Internal(Exception e) => new("XX000", $"internal error: {e.Message}", Detail: e.GetType().Name);
}
