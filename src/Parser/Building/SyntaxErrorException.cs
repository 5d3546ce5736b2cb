using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Building;

/// <summary>
/// Carries a diagnostic out of the tree builder or the recognizer to the statement loop, which
/// turns it into a reported diagnostic; it never escapes <see cref="SqlParser.Parse(string, string?)"/>.
/// </summary>
internal sealed class SyntaxErrorException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
