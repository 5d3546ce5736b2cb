using System.Text;

namespace StreamSql.Parser.Diagnostics;

/// <summary>
/// Prints diagnostics the way compilers do:
/// <code>
/// file.sql:3:15: error SS1001: expected an expression after WHERE
///   SELECT * FROM t WHERE
///                       ^
/// hint: ...
/// </code>
/// The caret line marks the whole span on the first line it touches (one caret for an empty span).
/// Tabs in the source line are kept in the caret line so the carets line up.
/// </summary>
public static class DiagnosticFormatter
{
    /// <summary>Formats one diagnostic with its location, source line, caret line and hint; lines end with "\n".</summary>
    public static string Format(Diagnostic diagnostic, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        ArgumentNullException.ThrowIfNull(source);
        var builder = new StringBuilder();
        var start = source.GetLinePosition(diagnostic.Span.Start);
        builder.Append(Location(diagnostic, source)).Append(": ")
            .Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ')
            .Append(diagnostic.Code).Append(": ").Append(diagnostic.Message).Append('\n');

        string line = source.GetLineText(start.Line);
        builder.Append("  ").Append(line).Append('\n');
        int column = Math.Min(start.Column - 1, line.Length);
        var end = source.GetLinePosition(diagnostic.Span.End);
        int endColumn = end.Line == start.Line ? Math.Min(end.Column - 1, line.Length) : line.Length;
        int width = Math.Max(1, endColumn - column);
        builder.Append("  ");
        for (int i = 0; i < column; i++)
            builder.Append(line[i] == '\t' ? '\t' : ' ');
        builder.Append('^', width).Append('\n');

        if (diagnostic.Hint is { Length: > 0 } hint)
            builder.Append("hint: ").Append(hint).Append('\n');
        return builder.ToString();
    }

    /// <summary>Formats every diagnostic in order.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var builder = new StringBuilder();
        foreach (var diagnostic in diagnostics)
            builder.Append(Format(diagnostic, source));
        return builder.ToString();
    }

    /// <summary><c>file:line:col</c> (or <c>line:col</c> without a file path), 1-based.</summary>
    public static string Location(Diagnostic diagnostic, SourceText source)
    {
        var position = source.GetLinePosition(diagnostic.Span.Start);
        return source.FilePath is { Length: > 0 } path
            ? $"{path}:{position.Line}:{position.Column}"
            : $"{position.Line}:{position.Column}";
    }
}
