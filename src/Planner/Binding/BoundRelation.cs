using StreamSql.Planner.Logical;

namespace StreamSql.Planner.Binding;

/// <summary>A bound FROM item or query: its plan and the columns it makes visible (same order as the plan's output).</summary>
internal sealed record BoundRelation(LogicalPlan Plan, Scope Scope);
