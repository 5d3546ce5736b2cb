namespace StreamSql.Parser.Syntax;

public enum SortDirection
{
    Default,
    Ascending,
    Descending,
}
