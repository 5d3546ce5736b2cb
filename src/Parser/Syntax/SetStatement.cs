using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>SET [SESSION | LOCAL] name = | TO value, ... | DEFAULT</c> and <c>SET TIME ZONE value</c> (name <c>timezone</c>). Bare words among the values (<c>on</c>, <c>public</c>) are <see cref="ColumnReferenceExpression"/>s; <see cref="Values"/> is empty for DEFAULT.</summary>
public sealed record SetStatement(
    QualifiedName Name,
    ImmutableArray<Expression> Values,
    bool IsDefault,
    bool Local,
    TextSpan Span) : Statement(Span);
