namespace StreamSql.Parser.Syntax;

public enum ExplainKind
{
    Default,
    Logical,
    Physical,
}
