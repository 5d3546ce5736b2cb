using System.Collections.Immutable;
using StreamSql.Planner.Binding;
using StreamSql.Planner.Logical;

namespace StreamSql.Planner;

/// <summary>
/// Moves filters as close to the scans as their meaning allows: through projections (inlining
/// the projected expressions), into the sides of inner joins (and the preserved side of outer
/// joins), below window assignment, into each branch of a union, and below an aggregate when they
/// test only group keys. Conjuncts that test both sides of an inner join become part of its
/// condition, where <see cref="JoinAnalysis"/> finds equi-keys. Filters never move below a
/// watermark node: the watermark is defined over every row the relation receives.
/// </summary>
public static class PredicatePushdown
{
    public static LogicalPlan Apply(LogicalPlan plan)
    {
        plan = plan.WithInputs(plan.Inputs.Select(Apply).ToImmutableArray());
        return plan switch
        {
            LogicalFilter filter => Push(filter.Input, Conjuncts.Split(filter.Predicate).ToList()),
            LogicalJoin join => PushJoinCondition(join),
            _ => plan,
        };
    }

    private static LogicalPlan Push(LogicalPlan input, List<BoundExpression> conjuncts)
    {
        if (conjuncts.Count == 0)
        {
            return input;
        }

        switch (input)
        {
            case LogicalFilter filter:
                return Push(filter.Input, [.. Conjuncts.Split(filter.Predicate), .. conjuncts]);

            case LogicalProject project:
                {
                    var movable = conjuncts.Where(c => !c.IsVolatile && ExpressionRewriter.Columns(c).All(i => !project.Expressions[i].IsVolatile)).ToList();
                    var staying = conjuncts.Except(movable).ToList();
                    if (movable.Count == 0)
                    {
                        return Wrap(input, staying);
                    }

                    var pushed = movable.Select(c => ExpressionRewriter.Substitute(c, project.Expressions)).ToList();
                    return Wrap(project with { Input = Push(project.Input, pushed) }, staying);
                }

            case LogicalJoin join:
                {
                    var leftWidth = join.Left.Schema.Length;
                    var left = new List<BoundExpression>();
                    var right = new List<BoundExpression>();
                    var both = new List<BoundExpression>();
                    var staying = new List<BoundExpression>();
                    foreach (var conjunct in conjuncts)
                    {
                        var columns = ExpressionRewriter.Columns(conjunct).ToList();
                        var onlyLeft = columns.All(c => c < leftWidth);
                        var onlyRight = columns.All(c => c >= leftWidth);
                        if (conjunct.IsVolatile)
                        {
                            staying.Add(conjunct);
                        }
                        else if (onlyLeft && join.Kind is Logical.JoinKind.Inner or Logical.JoinKind.Cross or Logical.JoinKind.Left)
                        {
                            left.Add(conjunct);
                        }
                        else if (onlyRight && join.Kind is Logical.JoinKind.Inner or Logical.JoinKind.Cross or Logical.JoinKind.Right)
                        {
                            right.Add(ExpressionRewriter.Remap(conjunct, i => i - leftWidth));
                        }
                        else if (join.Kind is Logical.JoinKind.Inner or Logical.JoinKind.Cross)
                        {
                            both.Add(conjunct);
                        }
                        else
                        {
                            staying.Add(conjunct);
                        }
                    }

                    var condition = Conjuncts.Join(Conjuncts.Split(join.Condition).Concat(both));
                    var kind = join.Kind == Logical.JoinKind.Cross && condition is not null ? Logical.JoinKind.Inner : join.Kind;
                    var rebuilt = join with { Left = Push(join.Left, left), Right = Push(join.Right, right), Condition = condition, Kind = kind };
                    return Wrap(rebuilt, staying);
                }

            case LogicalWindow window when window.Kind != WindowKind.Session:
                {
                    var width = window.Input.Schema.Length;
                    var movable = conjuncts.Where(c => !c.IsVolatile && ExpressionRewriter.Columns(c).All(i => i < width)).ToList();
                    return Wrap(window with { Input = Push(window.Input, movable) }, conjuncts.Except(movable).ToList());
                }

            case LogicalUnion union:
                {
                    var movable = conjuncts.Where(c => !c.IsVolatile).ToList();
                    var branches = union.Branches.Select(b => Push(b, [.. movable])).ToImmutableArray();
                    return Wrap(union with { Branches = branches }, conjuncts.Except(movable).ToList());
                }

            case LogicalAggregate aggregate when aggregate.Session is null:
                {
                    var keys = aggregate.Keys.Length;
                    var movable = conjuncts.Where(c => !c.IsVolatile && ExpressionRewriter.Columns(c).All(i => i < keys)).ToList();
                    var pushed = movable.Select(c => ExpressionRewriter.Remap(c, i => aggregate.Keys[i])).ToList();
                    return Wrap(aggregate with { Input = Push(aggregate.Input, pushed) }, conjuncts.Except(movable).ToList());
                }

            default:
                return Wrap(input, conjuncts);
        }
    }

    private static LogicalPlan Wrap(LogicalPlan input, List<BoundExpression> conjuncts) =>
        Conjuncts.Join(conjuncts) is { } predicate ? new LogicalFilter(input, predicate) : input;

    /// <summary>ON conjuncts that read one side only move into that side (for inner joins, and the non-preserved side of outer joins).</summary>
    private static LogicalPlan PushJoinCondition(LogicalJoin join)
    {
        if (join.Condition is null)
        {
            return join;
        }

        var leftWidth = join.Left.Schema.Length;
        var left = new List<BoundExpression>();
        var right = new List<BoundExpression>();
        var remaining = new List<BoundExpression>();
        foreach (var conjunct in Conjuncts.Split(join.Condition))
        {
            var columns = ExpressionRewriter.Columns(conjunct).ToList();
            if (conjunct.IsVolatile || columns.Count == 0)
            {
                remaining.Add(conjunct);
            }
            else if (columns.All(c => c < leftWidth) && join.Kind is Logical.JoinKind.Inner or Logical.JoinKind.Right)
            {
                left.Add(conjunct);
            }
            else if (columns.All(c => c >= leftWidth) && join.Kind is Logical.JoinKind.Inner or Logical.JoinKind.Left)
            {
                right.Add(ExpressionRewriter.Remap(conjunct, i => i - leftWidth));
            }
            else
            {
                remaining.Add(conjunct);
            }
        }

        if (left.Count == 0 && right.Count == 0)
        {
            return join;
        }

        return join with { Left = Push(join.Left, left), Right = Push(join.Right, right), Condition = Conjuncts.Join(remaining) };
    }
}
