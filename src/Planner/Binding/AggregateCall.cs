using System.Collections.Immutable;
using StreamSql.Runtime.Functions;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>One aggregate of a <see cref="Logical.LogicalAggregate"/>; arguments refer to the aggregate's input columns.</summary>
/// <param name="Signature">The resolved overload; <c>count(*)</c> has no parameters.</param>
/// <param name="Filter">The <c>FILTER (WHERE ...)</c> condition, or null.</param>
/// <param name="OrderBy">Ordering for order-sensitive aggregates (string_agg, array_agg, first_value, last_value).</param>
public sealed record AggregateCall(
    AggregateSignature Signature,
    ImmutableArray<BoundExpression> Arguments,
    bool Distinct,
    BoundExpression? Filter,
    ImmutableArray<BoundSortKey> OrderBy,
    DataType Type)
{
    public string Name => Signature.Signature.Name;
}
