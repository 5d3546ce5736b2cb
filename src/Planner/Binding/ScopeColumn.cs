using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>A column visible to expressions: its relation (alias) name, column name and type.</summary>
/// <param name="Hidden">Not expanded by <c>*</c> (e.g. the right-hand copy of a USING column).</param>
/// <param name="QualifiedOnly">Only found as <c>relation.column</c> (the side copies of a USING column).</param>
/// <param name="Outer">Set on the columns of a correlated subquery's domain: a column of an enclosing query, found only
/// when no column of the subquery's own FROM has the name (inner names shadow outer ones, as in PostgreSQL).</param>
internal sealed record ScopeColumn(string? Relation, string Name, DataType Type, bool Hidden = false, bool QualifiedOnly = false, OuterColumn? Outer = null);

/// <summary>Column <paramref name="Index"/> of the domain <paramref name="Domain"/> of a correlated subquery.</summary>
internal sealed record OuterColumn(int Domain, int Index);
