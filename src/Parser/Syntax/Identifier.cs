using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// A name. <see cref="Name"/> is the normalized form: unquoted identifiers are folded to lower case,
/// quoted ones keep their case (with doubled quotes undone). <see cref="IsQuoted"/> says which.
/// </summary>
public sealed record Identifier(string Name, bool IsQuoted, TextSpan Span) : SyntaxNode(Span)
{
    public override string ToString() => Name;
}
