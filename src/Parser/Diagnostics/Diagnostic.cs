using System.Globalization;

namespace StreamSql.Parser.Diagnostics;

/// <summary>One finding about a script: a code from <see cref="DiagnosticCodes"/>, a message, where it is, and an optional hint.</summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, string Message, TextSpan Span, string? Hint = null)
{
    public string Code => Descriptor.Code;

    public string SqlState => Descriptor.SqlState;

    public DiagnosticSeverity Severity => Descriptor.Severity;

    public bool IsError => Descriptor.Severity == DiagnosticSeverity.Error;

    /// <summary>Formats the descriptor's message (and hint, when it has one) with the given arguments.</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args)
    {
        string message = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args);
        string? hint = descriptor.HintFormat is null ? null : string.Format(CultureInfo.InvariantCulture, descriptor.HintFormat, args);
        return new Diagnostic(descriptor, message, span, hint);
    }

    public Diagnostic WithHint(string? hint) => this with { Hint = hint };

    public override string ToString() => $"{Severity.ToString().ToLowerInvariant()} {Code} ({SqlState}) at {Span}: {Message}";
}
