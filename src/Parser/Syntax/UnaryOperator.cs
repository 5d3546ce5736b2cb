namespace StreamSql.Parser.Syntax;

public enum UnaryOperator
{
    Negate,
    Plus,
    Not,
    BitwiseNot,
}
