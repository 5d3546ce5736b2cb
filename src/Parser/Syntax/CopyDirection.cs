namespace StreamSql.Parser.Syntax;

public enum CopyDirection
{
    To,
    From,
}
