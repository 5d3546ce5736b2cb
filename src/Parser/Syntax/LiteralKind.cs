namespace StreamSql.Parser.Syntax;

public enum LiteralKind
{
    Null,
    Boolean,
    Integer,
    /// <summary>A number with a point or exponent: NUMERIC in PostgreSQL.</summary>
    Decimal,
    String,
}
