using System.Collections.Immutable;
using StreamSql.Planner.Binding;

namespace StreamSql.Planner.Logical;

/// <summary>
/// Computes one output column per expression. A plain column reference keeps its watermark. A
/// <c>proctime()</c> column over an append-only input carries the processing-time watermark: every
/// row of an epoch gets the epoch's processing time, which only grows, so at the end of each epoch
/// the runtime advances the column's watermark to it and processing-time windows close on the
/// scheduler's clock. (Over an input that retracts, a retraction would get a later time than the
/// row it retracts, so there is no such watermark.)
/// </summary>
public sealed record LogicalProject(LogicalPlan Input, ImmutableArray<BoundExpression> Expressions, ImmutableArray<string> Names) : LogicalPlan
{
    /// <summary>The watermark origin of a processing-time column.</summary>
    public const string ProcessingTime = "proctime()";

    public override ImmutableArray<LogicalPlan> Inputs => [Input];

    protected override ImmutableArray<PlanColumn> ComputeSchema() =>
        Expressions.Select((e, i) => new PlanColumn(Names[i], e.Type, e switch
            {
                BoundColumn c => Input.Schema[c.Index].Watermark,
                _ when IsProcessingTime(e) && Input.Changelog == ChangelogMode.AppendOnly => ProcessingTime,
                _ => null,
            }))
            .ToImmutableArray();

    /// <summary>True for a call of <c>proctime()</c>.</summary>
    public static bool IsProcessingTime(BoundExpression expression) =>
        expression is BoundCall { Function.Signature.Name: "proctime", Arguments.IsEmpty: true };

    public override ChangelogMode Changelog => Input.Changelog;

    /// <summary>True when every expression is a column of the input in input order (the node changes nothing but names).</summary>
    public bool IsIdentity =>
        Expressions.Length == Input.Schema.Length && Expressions.Select((e, i) => e is BoundColumn c && c.Index == i).All(x => x);

    public override LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs) => this with { Input = inputs[0] };

    public override string Describe() => Expressions.IsEmpty
        ? "Project (no columns)"
        : "Project " + string.Join(", ", Expressions.Select((e, i) => PlanText.Named(e, Names[i], Input.Schema)));
}
