using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>A column visible to expressions: its relation (alias) name, column name and type.</summary>
/// <param name="Hidden">Not expanded by <c>*</c> (e.g. the right-hand copy of a USING column).</param>
/// <param name="QualifiedOnly">Only found as <c>relation.column</c> (the side copies of a USING column).</param>
internal sealed record ScopeColumn(string? Relation, string Name, DataType Type, bool Hidden = false, bool QualifiedOnly = false);
