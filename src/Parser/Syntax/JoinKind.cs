namespace StreamSql.Parser.Syntax;

public enum JoinKind
{
    Inner,
    Left,
    Right,
    Full,
    Cross,
}
