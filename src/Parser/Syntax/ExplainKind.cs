namespace StreamSql.Parser.Syntax;

public enum ExplainKind
{
    Default,
    Logical,
    Physical,

    /// <summary>EXPLAIN ANALYZE: runs the query and shows the physical plan with the rows each node gave.</summary>
    Analyze,
}
