using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>What the planner needs beyond the statement and the catalog.</summary>
/// <param name="Source">The full text the statement was parsed from: spans index it, and definitions (SHOW CREATE) are cut from it.</param>
/// <param name="ParameterTypes">Types the client gave for <c>$1</c>, <c>$2</c>, ...; null entries (or missing ones) are inferred.</param>
public sealed record PlannerOptions(
    Parser.Diagnostics.SourceText? Source = null,
    ImmutableArray<DataType?> ParameterTypes = default)
{
    public static readonly PlannerOptions Default = new();

    public ImmutableArray<DataType?> Parameters => ParameterTypes.IsDefault ? ImmutableArray<DataType?>.Empty : ParameterTypes;
}
