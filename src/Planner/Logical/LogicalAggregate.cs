using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Groups by <see cref="Keys"/> (input columns) and computes <see cref="Aggregates"/>; the output is the
/// keys followed by the aggregates. With a window key (a <c>window_start</c> or <c>window_end</c> that
/// carries a watermark) each window's groups are freed when it closes; without one this is a running
/// aggregate whose state grows with the number of keys.
/// </summary>
/// <param name="WindowKey">Index into <see cref="Keys"/> of the window column, or -1.</param>
public sealed record LogicalAggregate(
    LogicalPlan Input,
    ImmutableArray<int> Keys,
    ImmutableArray<AggregateCall> Aggregates,
    ImmutableArray<string> Names,
    EmitMode Emit,
    int WindowKey) : LogicalPlan
{
    /// <summary>
    /// The SESSION window this aggregate computes (found below its input projection and filters), or null.
    /// Derived rather than stored so that rewrites of the inputs can never leave it stale.
    /// </summary>
    public LogicalWindow? Session => FindSession(Input);

    private static LogicalWindow? FindSession(LogicalPlan plan) => plan switch
    {
        LogicalWindow { Kind: WindowKind.Session } window => window,
        LogicalProject project => FindSession(project.Input),
        LogicalFilter filter => FindSession(filter.Input),
        _ => null,
    };

    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema()
    {
        var columns = ImmutableArray.CreateBuilder<PlanColumn>(Keys.Length + Aggregates.Length);
        for (var i = 0; i < Keys.Length; i++)
        {
            var key = Input.Schema[Keys[i]];
            columns.Add(new PlanColumn(Names[i], key.Type, key.Watermark));
        }

        for (var i = 0; i < Aggregates.Length; i++)
        {
            columns.Add(new PlanColumn(Names[Keys.Length + i], Aggregates[i].Type));
        }

        return columns.MoveToImmutable();
    }

    /// <summary>The watermark that closes windows, when the aggregate is windowed and its input has one.</summary>
    public string? ClosingWatermark =>
        WindowKey >= 0 ? Input.Schema[Keys[WindowKey]].Watermark
        : Session is not null ? Session.Input.Schema[Session.TimeColumn].Watermark
        : null;

    public bool IsWindowed => WindowKey >= 0 || Session is not null;

    public override ChangelogMode Changelog => Emit == EmitMode.OnWindowClose ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;

    /// <summary>
    /// Without GROUP BY there is one group: its state is fixed unless an aggregate must keep values
    /// (DISTINCT; min, max and the ordered aggregates over rows that can be retracted, which keep every
    /// value to find the next one).
    /// </summary>
    public override StateBound State =>
        ClosingWatermark is { } watermark ? new StateBound(StateBoundKind.WindowClose, watermark)
        : Keys.IsEmpty && !Aggregates.Any(KeepsValues) ? StateBound.Fixed
        : StateBound.Unbounded;

    /// <summary>An aggregate of this node whose state grows with the values it has seen.</summary>
    public bool KeepsValues(Binding.AggregateCall aggregate) =>
        aggregate.Distinct || (Input.Changelog != ChangelogMode.AppendOnly && !Invertible.Contains(aggregate.Name));

    // Aggregates whose state takes a retraction back without the values seen before.
    private static readonly HashSet<string> Invertible = new(StringComparer.Ordinal)
    {
        "count", "sum", "avg", "stddev_samp", "var_samp", "stddev", "variance", "stddev_pop", "var_pop", "bool_and", "bool_or", "every",
    };

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe()
    {
        var name = Session is not null ? "SessionAggregate" : IsWindowed ? "WindowAggregate" : "Aggregate";
        var keys = Keys.IsEmpty ? "" : " group by " + string.Join(", ", Keys.Select(k => Input.Schema[k].Name));
        var aggregates = string.Join(", ", Aggregates.Select((a, i) => PlanText.Aggregate(a, Names[Keys.Length + i], Input.Schema)));
        var emit = Emit == EmitMode.OnWindowClose ? " emit on window close" : "";
        return $"{name}{keys}{(aggregates.Length > 0 ? " compute " + aggregates : "")}{emit}";
    }
}
