namespace StreamSql.Parser.Syntax;

public enum NullsOrder
{
    Default,
    First,
    Last,
}
