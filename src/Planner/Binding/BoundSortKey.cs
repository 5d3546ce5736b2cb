namespace StreamSql.Planner.Binding;

/// <summary>An ORDER BY key over an expression (inside an aggregate or an OVER clause).</summary>
public sealed record BoundSortKey(BoundExpression Expression, bool Descending, bool NullsFirst);
