using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Joins two inputs; the output is the left columns followed by the right ones. <see cref="Condition"/>
/// is what remains of the ON clause after <see cref="EquiKeys"/> were taken out, over the combined row.
/// </summary>
/// <param name="Interval">Set when <see cref="Strategy"/> is <see cref="JoinStrategy.Interval"/>.</param>
public sealed record LogicalJoin(
    LogicalPlan Left,
    LogicalPlan Right,
    JoinKind Kind,
    ImmutableArray<EquiKey> EquiKeys,
    BoundExpression? Condition,
    JoinStrategy Strategy,
    IntervalBound? Interval) : LogicalPlan
{
    public override ImmutableArray<LogicalPlan> Inputs => [Left, Right];

    protected override ImmutableArray<PlanColumn> ComputeSchema()
    {
        // Outer joins pad with NULLs, which would move a watermark backwards: only the
        // preserved side keeps its watermarks, and a window join keeps the window columns.
        var keepLeft = Kind is JoinKind.Inner or JoinKind.Left or JoinKind.Cross || Strategy == JoinStrategy.Window;
        var keepRight = Kind is JoinKind.Inner or JoinKind.Right or JoinKind.Cross || Strategy == JoinStrategy.Window;
        return Left.Schema.Select(c => keepLeft ? c : c with { Watermark = null })
            .Concat(Right.Schema.Select(c => keepRight ? c : c with { Watermark = null }))
            .ToImmutableArray();
    }

    public override ChangelogMode Changelog =>
        Strategy != JoinStrategy.Regular && Kind == JoinKind.Inner ? Combine(Left.Changelog, Right.Changelog)
        : Kind == JoinKind.Inner || Kind == JoinKind.Cross ? Combine(Left.Changelog, Right.Changelog)
        : ChangelogMode.Retracting;

    public override StateBound State => Strategy switch
    {
        JoinStrategy.Window => new StateBound(StateBoundKind.WindowClose, WindowWatermark),
        JoinStrategy.Interval => new StateBound(StateBoundKind.Watermark,
            string.Join(", ", new[] { Left.Schema[Interval!.LeftTime].Watermark, Right.Schema[Interval.RightTime].Watermark }.Distinct())),
        _ => StateBound.Unbounded,
    };

    private string? WindowWatermark => EquiKeys
        .Select(k => Left.Schema[k.Left].Watermark ?? Right.Schema[k.Right].Watermark)
        .FirstOrDefault(w => w is not null);

    public ImmutableArray<PlanColumn> CombinedInputSchema => Left.Schema.AddRange(Right.Schema);

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Left = inputs[0], Right = inputs[1] };

    public override string Describe()
    {
        var name = Strategy switch
        {
            JoinStrategy.Interval => "IntervalJoin",
            JoinStrategy.Window => "WindowJoin",
            _ => "Join",
        };
        var parts = new List<string>();
        if (EquiKeys.Length > 0)
        {
            parts.Add("on " + string.Join(" and ", EquiKeys.Select(k => $"{Left.Schema[k.Left].Name} {(k.NullSafe ? "IS NOT DISTINCT FROM" : "=")} {Right.Schema[k.Right].Name}")));
        }

        if (Interval is { } b)
        {
            // Sides are named "left" and "right": both often call their time column "ts".
            var leftTime = "left." + Left.Schema[b.LeftTime].Name;
            parts.Add($"right.{Right.Schema[b.RightTime].Name} between {leftTime} {PlanText.SignedInterval(b.Lower)} and {leftTime} {PlanText.SignedInterval(b.Upper)}");
        }

        if (Condition is not null)
        {
            parts.Add("filter " + PlanText.Expression(Condition, CombinedInputSchema));
        }

        return $"{name} {Kind.ToString().ToLowerInvariant()}{(parts.Count > 0 ? " " + string.Join(", ", parts) : "")}";
    }
}
