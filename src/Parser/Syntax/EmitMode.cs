namespace StreamSql.Parser.Syntax;

public enum EmitMode
{
    Default,
    OnUpdate,
    OnWindowClose,
}
