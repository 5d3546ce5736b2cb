namespace StreamSql.Parser.Syntax;

/// <summary>The SQL spelling of each binary operator: how the formatter prints it and the name the binder resolves it by.</summary>
public static class BinaryOperatorText
{
    public static string Of(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Power => "^",
        BinaryOperator.Concat => "||",
        BinaryOperator.JsonGet => "->",
        BinaryOperator.JsonGetText => "->>",
        BinaryOperator.JsonPath => "#>",
        BinaryOperator.JsonPathText => "#>>",
        BinaryOperator.RegexMatch => "~",
        BinaryOperator.RegexNotMatch => "!~",
        BinaryOperator.RegexMatchInsensitive => "~*",
        BinaryOperator.RegexNotMatchInsensitive => "!~*",
        BinaryOperator.Contains => "@>",
        BinaryOperator.ContainedBy => "<@",
        BinaryOperator.BitwiseAnd => "&",
        BinaryOperator.BitwiseOr => "|",
        BinaryOperator.BitwiseXor => "#",
        BinaryOperator.ShiftLeft => "<<",
        BinaryOperator.ShiftRight => ">>",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
