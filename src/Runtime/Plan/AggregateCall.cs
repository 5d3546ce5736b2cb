using System.Collections.Immutable;
using StreamSql.Runtime.Types;

namespace StreamSql.Runtime.Plan;

/// <summary>
/// One aggregate of a <see cref="HashAggregateNode"/> or <see cref="SessionWindowAggregateNode"/>:
/// the function name as <c>AggregateRegistry</c> lists it (<c>count</c> with no arguments is
/// <c>count(*)</c>; also sum, avg, min, max, bool_and, bool_or, string_agg (value, delimiter),
/// array_agg, stddev_samp, var_samp, approx_count_distinct, first_value, last_value), its
/// argument expressions over the node's input, DISTINCT, an optional FILTER (WHERE ...) condition,
/// the ORDER BY inside the call (string_agg, array_agg, first_value, last_value; keys index the
/// node's input columns) and the result type.
/// </summary>
public sealed record AggregateCall(
    string Function,
    ImmutableArray<PlanExpression> Arguments,
    DataType ResultType,
    bool Distinct = false,
    PlanExpression? Filter = null,
    ImmutableArray<SortKey> OrderBy = default)
{
    public ImmutableArray<SortKey> OrderKeys => OrderBy.IsDefault ? ImmutableArray<SortKey>.Empty : OrderBy;
}
