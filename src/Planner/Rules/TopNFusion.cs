using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>
/// <c>ROW_NUMBER() OVER (...)</c> filtered in an outer query becomes a bounded top-N:
/// <c>rn &lt;= N</c> and <c>rn &lt; N+1</c> keep N rows per partition, <c>rn = 1</c> is deduplication,
/// <c>rn = N</c> keeps the N-th row. The filter must sit directly on the top-N node (predicate
/// pushdown moves it there through projections).
/// </summary>
public static class TopNFusion
{
    public static LogicalPlan Apply(LogicalPlan plan)
    {
        plan = plan.WithInputs(plan.Inputs.Select(Apply).ToImmutableArray());
        if (plan is not LogicalFilter { Input: LogicalTopN { RowNumber: true, Limit: long.MaxValue, Offset: 0 } topN } filter)
        {
            return plan;
        }

        var rowNumber = topN.Schema.Length - 1;
        long? limit = null;
        long offset = 0;
        var remaining = new List<BoundExpression>();
        foreach (var conjunct in Conjuncts.Split(filter.Predicate))
        {
            var n = conjunct switch
            {
                BoundCall { Name: "<=", Arguments: [BoundColumn c, var v] } when c.Index == rowNumber => Constant(v),
                BoundCall { Name: "<", Arguments: [BoundColumn c, var v] } when c.Index == rowNumber => Constant(v) - 1,
                BoundCall { Name: ">=", Arguments: [var v, BoundColumn c] } when c.Index == rowNumber => Constant(v),
                _ => (long?)null,
            };
            if (n is { } bound && bound >= 0 && limit is null)
            {
                limit = bound;
                continue;
            }

            if (conjunct is BoundCall { Name: "=", Arguments: [BoundColumn e, var k] } && e.Index == rowNumber && Constant(k) is { } nth && nth >= 1 && limit is null)
            {
                (limit, offset) = (1, nth - 1);
                continue;
            }

            remaining.Add(conjunct);
        }

        if (limit is null)
        {
            return plan;
        }

        LogicalPlan fused = topN with { Limit = limit.Value, Offset = offset };
        return Conjuncts.Join(remaining) is { } rest ? new LogicalFilter(fused, rest) : fused;
    }

    private static long? Constant(BoundExpression expression) => expression switch
    {
        BoundLiteral { Value: int i } => i,
        BoundLiteral { Value: long l } => l,
        BoundLiteral { Value: short s } => s,
        BoundLiteral { Value: decimal d } when d == decimal.Truncate(d) => (long)d,
        BoundCast { Operand: var inner } => Constant(inner),
        _ => null,
    };
}
