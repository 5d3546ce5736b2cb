namespace StreamSql.Parser.Syntax;

public enum FrameUnit
{
    Rows,
    Range,
    Groups,
}
