using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>Every SHOW form. <see cref="ObjectKind"/> is set for <c>SHOW CREATE kind name</c>; <see cref="Name"/> is the object for CREATE and COLUMNS, the variable for <c>SHOW name</c>, and null otherwise.</summary>
public sealed record ShowStatement(
    ShowKind Kind,
    ObjectKind? ObjectKind,
    QualifiedName? Name,
    TextSpan Span) : Statement(Span);
