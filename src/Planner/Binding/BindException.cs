using StreamSql.Parser.Diagnostics;

namespace StreamSql.Planner.Binding;

/// <summary>Unwinds binding at the first error that makes going on meaningless; caught by the binder, never escapes the planner.</summary>
internal sealed class BindException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    public BindException WithHint(string? hint) => new(Diagnostic.WithHint(hint));
}
