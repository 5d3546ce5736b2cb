namespace StreamSql.Parser.Syntax;

public enum WindowFunctionKind
{
    Tumble,
    Hop,
    Session,
}
