namespace StreamSql.Planner.Logical;

/// <summary>An equality <c>left.column = right.column</c> of a join (indexes into each side's schema).</summary>
/// <param name="NullSafe"><c>IS NOT DISTINCT FROM</c>: NULL matches NULL (a decorrelated subquery joined back on its domain).</param>
public sealed record EquiKey(int Left, int Right, bool NullSafe = false);
