using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>DECLARE name CURSOR FOR SUBSCRIBE ... | query</c>; <see cref="Source"/> is a <see cref="SubscribeStatement"/> or a <see cref="QueryStatement"/>.</summary>
public sealed record DeclareCursorStatement(
    Identifier Name,
    Statement Source,
    TextSpan Span) : Statement(Span);
