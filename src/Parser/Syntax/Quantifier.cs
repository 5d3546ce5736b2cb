namespace StreamSql.Parser.Syntax;

public enum Quantifier
{
    Any,
    Some,
    All,
}
