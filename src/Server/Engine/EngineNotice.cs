namespace StreamSql.Server.Engine;

/// <summary>A warning or notice that travels with a result (NoticeResponse on the Postgres wire).</summary>
public sealed record EngineNotice(string Severity, string SqlState, string Message, string? Detail = null, string? Hint = null);
