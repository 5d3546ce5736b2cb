using StreamSql.Runtime.Data;

namespace StreamSql.Runtime.Engine;

/// <summary>The rows of a one-shot query or of a view's contents, in their runtime representation.</summary>
public sealed record QueryResult(RowSchema Schema, IReadOnlyList<object?[]> Rows);
