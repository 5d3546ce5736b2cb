namespace StreamSql.Parser.Syntax;

public enum ShowKind
{
    Sources,
    Tables,
    MaterializedViews,
    Views,
    Sinks,
    Subscriptions,
    Watermarks,
    Queries,
    Create,
    Columns,
    Variable,
    All,
}
