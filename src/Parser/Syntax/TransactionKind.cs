namespace StreamSql.Parser.Syntax;

public enum TransactionKind
{
    Begin,
    Commit,
    Rollback,
}
