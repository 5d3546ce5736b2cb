namespace StreamSql.Parser.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
    Info,
}
