using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>
/// Merges a projection into the projection below it when that duplicates no computation, drops
/// projections that change nothing (same columns, same names), and drops the row-number column of
/// a top-N node nobody reads.
/// </summary>
public static class ProjectionMerge
{
    public static LogicalPlan Apply(LogicalPlan plan)
    {
        plan = plan.WithInputs(plan.Inputs.Select(Apply).ToImmutableArray());
        if (plan is not LogicalProject project)
        {
            return plan;
        }

        if (project.Input is LogicalProject inner)
        {
            var uses = project.Expressions.SelectMany(ExpressionRewriter.Columns).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
            var duplicates = uses.Any(u => u.Value > 1 && inner.Expressions[u.Key] is not (BoundColumn or BoundLiteral));
            if (!duplicates && !inner.Expressions.Any(e => e.IsVolatile))
            {
                var merged = project with
                {
                    Input = inner.Input,
                    Expressions = project.Expressions.Select(e => ExpressionRewriter.Substitute(e, inner.Expressions)).ToImmutableArray(),
                };
                return Apply(merged);
            }
        }

        if (project.Input is LogicalTopN { RowNumber: true } topN
            && !project.Expressions.SelectMany(ExpressionRewriter.Columns).Contains(topN.Schema.Length - 1))
        {
            project = project with { Input = topN with { RowNumber = false } };
        }

        if (project.IsIdentity && project.Names.SequenceEqual(project.Input.Schema.Select(c => c.Name)))
        {
            return project.Input;
        }

        return project;
    }
}
