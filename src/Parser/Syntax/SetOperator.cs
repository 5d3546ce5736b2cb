namespace StreamSql.Parser.Syntax;

public enum SetOperator
{
    Union,
    Intersect,
    Except,
}
