using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>DISCARD ALL | PLANS | SEQUENCES | TEMP</c> (clients send DISCARD ALL when reusing a pooled connection); <see cref="Target"/> is lower case.</summary>
public sealed record DiscardStatement(
    string Target,
    TextSpan Span) : Statement(Span);
