namespace StreamSql.Parser.Diagnostics;

/// <summary>
/// The fixed facts of one diagnostic code: its SQLSTATE, severity and message template
/// (composite format, arguments supplied where the diagnostic is reported).
/// </summary>
public sealed record DiagnosticDescriptor(
    string Code,
    string SqlState,
    DiagnosticSeverity Severity,
    string MessageFormat,
    string? HintFormat = null);
