using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>
/// The outcome of planning one statement: the planned statement (null when an error was reported),
/// the catalog after it (unchanged on error), every diagnostic (errors and warnings) and the types of
/// the statement's <c>$n</c> parameters.
/// </summary>
public sealed record PlanResult(
    PlannedStatement? Statement,
    Catalog Catalog,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<DataType> ParameterTypes)
{
    public bool Succeeded => Statement is not null && !Diagnostics.Any(d => d.IsError);

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
