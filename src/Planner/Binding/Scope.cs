using System.Collections.Immutable;
using StreamSql.Parser.Diagnostics;
using StreamSql.Runtime.Types;

namespace StreamSql.Planner.Binding;

/// <summary>
/// The columns a FROM clause makes visible, in the order of the plan's output row, so that a
/// resolved column's position is its index here. Immutable.
/// </summary>
internal sealed record Scope(ImmutableArray<ScopeColumn> Columns)
{
    public static readonly Scope Empty = new(ImmutableArray<ScopeColumn>.Empty);

    public int Count => Columns.Length;

    public Scope Concat(Scope other) => new(Columns.AddRange(other.Columns));

    public Scope WithRelation(string relation) => new(Columns.Select(c => c with { Relation = relation }).ToImmutableArray());

    public bool HasRelation(string relation) => Columns.Any(c => c.Relation == relation);

    /// <summary>
    /// Finds <c>[relation.]name</c>. Returns the index, or -1 when absent; reports ambiguity through
    /// <paramref name="ambiguous"/> (the candidates) so the caller can raise 42702 with a span.
    /// Columns of an enclosing query (<see cref="ScopeColumn.Outer"/>) are only searched when no other column matches.
    /// </summary>
    public int Find(string? relation, string name, out string? ambiguous)
    {
        var found = Find(relation, name, outer: false, out ambiguous);
        return found >= 0 || ambiguous is not null ? found : Find(relation, name, outer: true, out ambiguous);
    }

    private int Find(string? relation, string name, bool outer, out string? ambiguous)
    {
        ambiguous = null;
        var found = -1;
        for (var i = 0; i < Columns.Length; i++)
        {
            var column = Columns[i];
            if (column.Name != name || (column.Outer is not null) != outer)
            {
                continue;
            }

            if (relation is null ? column.QualifiedOnly : column.Relation != relation)
            {
                continue;
            }

            if (found >= 0)
            {
                ambiguous = $"{Qualified(Columns[found])}, {Qualified(column)}";
                return -1;
            }

            found = i;
        }

        return found;
    }

    public IEnumerable<string> Names => Columns.Where(c => !c.QualifiedOnly).Select(c => c.Name);

    private static string Qualified(ScopeColumn column) => column.Relation is null ? column.Name : $"{column.Relation}.{column.Name}";

    public static Scope FromColumns(string? relation, IEnumerable<(string Name, DataType Type)> columns) =>
        new(columns.Select(c => new ScopeColumn(relation, c.Name, c.Type)).ToImmutableArray());
}
