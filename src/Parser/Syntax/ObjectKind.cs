namespace StreamSql.Parser.Syntax;

public enum ObjectKind
{
    Source,
    Table,
    MaterializedView,
    View,
    Sink,
}
