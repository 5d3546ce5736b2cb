namespace StreamSql.Parser.Syntax;

public enum CastSyntax
{
    Cast,
    DoubleColon,
}
