namespace StreamSql.Parser.Syntax;

public enum IsTest
{
    Null,
    True,
    False,
    Unknown,
}
