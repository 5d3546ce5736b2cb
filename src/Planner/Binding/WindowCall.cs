using System.Collections.Immutable;

namespace StreamSql.Planner.Binding;

/// <summary>A <c>ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...)</c>, bound over the FROM scope.</summary>
internal sealed record WindowCall(
    ImmutableArray<BoundExpression> PartitionBy,
    ImmutableArray<BoundSortKey> OrderBy,
    Parser.Diagnostics.TextSpan Span);
