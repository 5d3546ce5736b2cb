namespace StreamSql.Parser.Syntax;

public enum DataFormat
{
    Json,
    Csv,
    Text,
}
