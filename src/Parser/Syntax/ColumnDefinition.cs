using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary>
/// <c>name type [NOT NULL | NULL] [PRIMARY KEY] [DEFAULT expr]</c> in CREATE TABLE or CREATE SOURCE.
/// <see cref="PrimaryKey"/> is the column form of the constraint; <c>PRIMARY KEY</c> implies NOT NULL
/// but <see cref="NotNull"/> only says whether NOT NULL was written.
/// </summary>
public sealed record ColumnDefinition(Identifier Name, TypeName Type, bool NotNull, bool PrimaryKey, Expression? Default, TextSpan Span) : SyntaxNode(Span);
