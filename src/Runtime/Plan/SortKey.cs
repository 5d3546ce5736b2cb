namespace StreamSql.Runtime.Plan;

/// <summary>
/// One ORDER BY key over an input column. PostgreSQL's default is NULLS LAST for ascending and
/// NULLS FIRST for descending; the planner states the choice explicitly.
/// </summary>
public sealed record SortKey(int Column, bool Descending = false, bool NullsFirst = false)
{
    public static SortKey Asc(int column) => new(column, false, false);

    public static SortKey Desc(int column) => new(column, true, true);
}
