namespace StreamSql.Planner.Logical;

/// <summary>One ORDER BY key over an input column. PostgreSQL's default: NULLs last ascending, first descending.</summary>
public sealed record SortKey(int Column, bool Descending, bool NullsFirst)
{
    public static SortKey Ascending(int column) => new(column, false, false);
}
