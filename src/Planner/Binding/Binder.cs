using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Parser.Syntax;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// Binds one statement against a catalog snapshot: resolves names, types every expression, checks
/// the streaming rules, builds the logical plan and, through the rules and the lowering, the
/// physical plan. One instance per statement; user errors are collected as diagnostics (a
/// <see cref="BindException"/> unwinds to <see cref="PlanStatement"/> for the first fatal one).
/// </summary>
internal sealed partial class Binder(Catalog catalog, PlannerOptions options)
{
    private readonly List<Diagnostic> diagnostics = [];
    private Catalog catalog = catalog;
    private readonly PlannerOptions options = options;

    public PlanResult PlanStatement(Statement statement)
    {
        PlannedStatement? planned = null;
        var before = catalog;
        try
        {
            planned = BindStatement(statement);
        }
        catch (BindException e)
        {
            diagnostics.Add(e.Diagnostic);
        }

        var failed = planned is null || diagnostics.Any(d => d.IsError);
        return new PlanResult(failed ? null : planned, failed ? before : catalog, [.. diagnostics], ParameterTypes());
    }

    private PlannedStatement BindStatement(Statement statement) => statement switch
    {
        _ => throw Error(DiagnosticCodes.FeatureNotSupported, statement.Span, statement.GetType().Name),
    };

    private ImmutableArray<DataType> ParameterTypes() => [];

    private static BindException Error(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        new(Diagnostic.Create(descriptor, span, args));
}
