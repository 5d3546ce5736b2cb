namespace StreamSql.Planner.Logical;

/// <summary>An equality <c>left.column = right.column</c> of a join (indexes into each side's schema).</summary>
public sealed record EquiKey(int Left, int Right);
