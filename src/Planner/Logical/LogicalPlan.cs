using System.Collections.Immutable;

namespace StreamSql.Planner.Logical;

/// <summary>
/// A node of the logical plan. Nodes are immutable records; every property EXPLAIN shows
/// (schema, changelog mode, state bound) is derived from the node and its inputs, so a rewrite
/// can never leave them stale.
/// </summary>
public abstract record LogicalPlan
{
    // Computed once per node: a schema is derived from the inputs' schemas, and without the cache
    // every access would walk the whole subtree again.
    private ImmutableArray<PlanColumn> schema;

    protected LogicalPlan()
    {
    }

    /// <summary>A copy made by <c>with</c> may have other inputs, so it starts without the cached schema.</summary>
    protected LogicalPlan(LogicalPlan original)
    {
        _ = original;
    }

    public abstract ImmutableArray<LogicalPlan> Inputs { get; }

    /// <summary>The output columns, in order.</summary>
    public ImmutableArray<PlanColumn> Schema => schema.IsDefault ? schema = ComputeSchema() : schema;

    protected abstract ImmutableArray<PlanColumn> ComputeSchema();

    /// <summary>Equality is structural over each node's own fields; the schema cache takes no part.</summary>
    public virtual bool Equals(LogicalPlan? other) => other is not null && EqualityContract == other.EqualityContract;

    public override int GetHashCode() => EqualityContract.GetHashCode();

    public abstract ChangelogMode Changelog { get; }

    /// <summary>How the node's state is bounded; <see cref="StateBound.Stateless"/> for stateless nodes.</summary>
    public virtual StateBound State => StateBound.Stateless;

    /// <summary>Returns this node with its inputs replaced (same count and order).</summary>
    public abstract LogicalPlan WithInputs(ImmutableArray<LogicalPlan> inputs);

    /// <summary>The node's one-line description for EXPLAIN, without mode or state.</summary>
    public abstract string Describe();

    /// <summary>The node and every node below it, depth first, parents before children.</summary>
    public IEnumerable<LogicalPlan> DescendantsAndSelf()
    {
        yield return this;
        foreach (var input in Inputs)
        {
            foreach (var node in input.DescendantsAndSelf())
            {
                yield return node;
            }
        }
    }

    /// <summary>The watermark origin of each output column that carries one (see <see cref="PlanColumn.Watermark"/>).</summary>
    public string? WatermarkOf(int column) => Schema[column].Watermark;

    /// <summary>True when any output column carries a watermark.</summary>
    public bool HasWatermark => Schema.Any(c => c.Watermark is not null);

    protected static ChangelogMode Combine(ChangelogMode a, ChangelogMode b) =>
        a == ChangelogMode.AppendOnly && b == ChangelogMode.AppendOnly ? ChangelogMode.AppendOnly : ChangelogMode.Retracting;
}
