using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner;

/// <summary>
/// Recognises the streaming shapes of joins. Equalities between a left and a right column become
/// equi-keys. Equal <c>window_start</c>/<c>window_end</c> keys on watermarked inputs make a window
/// join; a time range between watermarked columns (<c>b.ts BETWEEN a.ts - INTERVAL .. AND a.ts</c>)
/// makes an interval join. The range conditions stay in the residual condition too, so the result
/// is the same whatever the runtime frees.
/// </summary>
public static class JoinAnalysis
{
    public static LogicalPlan Apply(LogicalPlan plan)
    {
        plan = plan.WithInputs(plan.Inputs.Select(Apply).ToImmutableArray());
        return plan is LogicalJoin join ? Analyze(join) : plan;
    }

    private static LogicalJoin Analyze(LogicalJoin join)
    {
        var leftWidth = join.Left.Schema.Length;
        var keys = join.EquiKeys.ToBuilder();
        var residual = new List<BoundExpression>();
        foreach (var conjunct in Conjuncts.Split(join.Condition))
        {
            if (conjunct is BoundCall { Name: "=", Arguments: [BoundColumn a, BoundColumn b] } && a.Type == b.Type
                && (a.Index < leftWidth) != (b.Index < leftWidth))
            {
                var (l, r) = a.Index < leftWidth ? (a.Index, b.Index - leftWidth) : (b.Index, a.Index - leftWidth);
                keys.Add(new EquiKey(l, r));
            }
            else if (conjunct is BoundIsDistinctFrom { Negated: true, Left: BoundColumn x, Right: BoundColumn y } && x.Type == y.Type
                     && (x.Index < leftWidth) != (y.Index < leftWidth))
            {
                var (l, r) = x.Index < leftWidth ? (x.Index, y.Index - leftWidth) : (y.Index, x.Index - leftWidth);
                keys.Add(new EquiKey(l, r, NullSafe: true));
            }
            else
            {
                residual.Add(conjunct);
            }
        }

        var kind = join.Kind == Logical.JoinKind.Cross && (keys.Count > 0 || residual.Count > 0) ? Logical.JoinKind.Inner : join.Kind;
        var analyzed = join with { EquiKeys = keys.ToImmutable(), Condition = Conjuncts.Join(residual), Kind = kind, Strategy = JoinStrategy.Regular, Interval = null };

        // Equal keys that carry watermarks on both sides (window_start/window_end, or any watermarked
        // column): rows below both watermarks can never match again and leave state.
        var windowKey = analyzed.EquiKeys.FirstOrDefault(k =>
            join.Left.Schema[k.Left].Watermark is not null && join.Right.Schema[k.Right].Watermark is not null);
        if (windowKey is not null)
        {
            return analyzed with { Strategy = JoinStrategy.Window };
        }

        if (FindInterval(residual, leftWidth) is { } bound
            && join.Left.Schema[bound.LeftTime].Watermark is not null && join.Right.Schema[bound.RightTime].Watermark is not null
            && analyzed.Kind is Logical.JoinKind.Inner)
        {
            return analyzed with { Strategy = JoinStrategy.Interval, Interval = bound };
        }

        return analyzed;
    }

    /// <summary>Finds lower and upper bounds of (right time - left time) for one pair of time columns.</summary>
    private static IntervalBound? FindInterval(List<BoundExpression> conjuncts, int leftWidth)
    {
        var lower = new Dictionary<(int, int), Interval>();
        var upper = new Dictionary<(int, int), Interval>();
        foreach (var conjunct in conjuncts)
        {
            if (conjunct is not BoundCall { Name: ">=" or ">" or "<=" or "<", Arguments: [var x, var y] } call)
            {
                continue;
            }

            if (!Offset(x, out var xColumn, out var xOffset) || !Offset(y, out var yColumn, out var yOffset)
                || (xColumn < leftWidth) == (yColumn < leftWidth) || !x.Type.IsTimestamp || !y.Type.IsTimestamp)
            {
                continue;
            }

            // x + xOffset op y + yOffset  =>  x - y op yOffset - xOffset.
            var greater = call.Name is ">=" or ">";
            var bound = Subtract(yOffset, xOffset);
            int left, right;
            if (xColumn >= leftWidth)
            {
                // right - left op bound.
                (left, right) = (yColumn, xColumn - leftWidth);
            }
            else
            {
                // left - right op bound  =>  right - left (reverse op) -bound.
                (left, right) = (xColumn, yColumn - leftWidth);
                greater = !greater;
                bound = new Interval(-bound.Months, -bound.Days, -bound.Micros);
            }

            (greater ? lower : upper)[(left, right)] = bound;
        }

        foreach (var (pair, low) in lower)
        {
            if (upper.TryGetValue(pair, out var high))
            {
                return new IntervalBound(pair.Item1, pair.Item2, low, high);
            }
        }

        return null;
    }

    private static bool Offset(BoundExpression expression, out int column, out Interval offset)
    {
        switch (expression)
        {
            case BoundColumn c:
                (column, offset) = (c.Index, default);
                return true;
            case BoundCall { Name: "+", Arguments: [BoundColumn c, BoundLiteral { Value: Interval i }] }:
                (column, offset) = (c.Index, i);
                return true;
            case BoundCall { Name: "-", Arguments: [BoundColumn c, BoundLiteral { Value: Interval i }] }:
                (column, offset) = (c.Index, new Interval(-i.Months, -i.Days, -i.Micros));
                return true;
            default:
                (column, offset) = (-1, default);
                return false;
        }
    }

    private static Interval Subtract(Interval a, Interval b) => new(a.Months - b.Months, a.Days - b.Days, a.Micros - b.Micros);
}
