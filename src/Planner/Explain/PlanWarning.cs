using StreamSql.Parser.Diagnostics;

namespace StreamSql.Planner;

/// <summary>A warning about a plan (unbounded state, windows that never close), with its diagnostic's arguments.</summary>
public sealed record PlanWarning(DiagnosticDescriptor Descriptor, object?[] Arguments)
{
    public string Message => Diagnostic.Create(Descriptor, default, Arguments).Message;
}
