using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;

namespace StreamSql.Parser.Syntax;

/// <summary><c>CREATE SOURCE [IF NOT EXISTS] name (columns, [PRIMARY KEY (...)], [WATERMARK FOR ...]) WITH (...) [FORMAT ...]</c>.</summary>
public sealed record CreateSourceStatement(
    QualifiedName Name,
    bool IfNotExists,
    ImmutableArray<ColumnDefinition> Columns,
    PrimaryKeyConstraint? PrimaryKey,
    ImmutableArray<WatermarkDefinition> Watermarks,
    ImmutableArray<TableConstraint> Constraints,
    ImmutableArray<WithOption> Options,
    FormatClause? Format,
    TextSpan Span) : Statement(Span);
