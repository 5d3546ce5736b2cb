using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>
/// The rewrite rules, applied in a fixed order: recognise join shapes (equi-keys, interval and window
/// joins), push predicates down, fuse row-number filters into top-N nodes, fold constants, merge and
/// prune projections. Every rule preserves the plan's result.
/// </summary>
public static class Optimizer
{
    public static LogicalPlan Optimize(LogicalPlan plan)
    {
        plan = PredicatePushdown.Apply(plan);
        plan = JoinAnalysis.Apply(plan);
        plan = TopNFusion.Apply(plan);
        plan = ProjectionMerge.Apply(plan);
        plan = ProjectionPruning.Apply(plan);
        plan = ProjectionMerge.Apply(plan);
        return plan;
    }
}
