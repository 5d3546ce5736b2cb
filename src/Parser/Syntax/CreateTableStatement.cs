using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CREATE TABLE [IF NOT EXISTS] name (columns, [PRIMARY KEY (...)], [CHECK (...)], [UNIQUE (...)], [WATERMARK FOR ...]) [APPEND ONLY] [WITH (...)] [FORMAT ...]</c>, or <c>CREATE TABLE name AS query</c> (<see cref="AsQuery"/>, no columns).</summary>
public sealed record CreateTableStatement(
    QualifiedName Name,
    bool IfNotExists,
    ImmutableArray<ColumnDefinition> Columns,
    PrimaryKeyConstraint? PrimaryKey,
    ImmutableArray<WatermarkDefinition> Watermarks,
    ImmutableArray<TableConstraint> Constraints,
    bool AppendOnly,
    ImmutableArray<WithOption> Options,
    FormatClause? Format,
    Query? AsQuery,
    TextSpan Span) : Statement(Span);
