namespace StreamSql.Parser.Syntax;

/// <summary>Infix operators, named by meaning; the comment gives the PostgreSQL spelling.</summary>
public enum BinaryOperator
{
    Or,                 // OR
    And,                // AND
    Equal,              // =
    NotEqual,           // <> or !=
    Less,               // <
    LessOrEqual,        // <=
    Greater,            // >
    GreaterOrEqual,     // >=
    Add,                // +
    Subtract,           // -
    Multiply,           // *
    Divide,             // /
    Modulo,             // %
    Power,              // ^
    Concat,             // ||
    JsonGet,            // ->
    JsonGetText,        // ->>
    JsonPath,           // #>
    JsonPathText,       // #>>
    RegexMatch,         // ~
    RegexNotMatch,      // !~
    RegexMatchInsensitive,     // ~*
    RegexNotMatchInsensitive,  // !~*
    Contains,           // @>
    ContainedBy,        // <@
    BitwiseAnd,         // &
    BitwiseOr,          // |
    BitwiseXor,         // #
    ShiftLeft,          // <<
    ShiftRight,         // >>
}
